"""Text: the narrative's figures and Jinja rendering."""

"""Publishing: the document as DOCX and PDF."""

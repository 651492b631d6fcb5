"""`budgetgen compare`: a built document against a published one, table cell by cell and text sentence by sentence."""

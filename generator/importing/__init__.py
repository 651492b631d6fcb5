"""Importing: a published PDF or workbook back into a spec (read, recognise, solve the lines, read the text), and next year's spec."""

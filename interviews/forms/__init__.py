"""The forms, one module per module of views/ (fields.py holds the shared widgets and fields)."""

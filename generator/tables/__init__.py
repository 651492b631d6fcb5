"""Tables: layouts become format-neutral cells with live formulas, then xlsx bytes."""

"""Reading input: the strict YAML loader, the spec's shape, typed fields, facts, catalogs and the fill-in workbook."""

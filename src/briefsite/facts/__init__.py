"""Fact sheets: their schema, YAML I/O, the store (where sheets, merge bases and `.new` files live), the
three-way merge that keeps hand edits, and conflict resolution."""

"""Locale coverage: counting, the report model, its cache, and its renderings."""

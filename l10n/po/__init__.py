"""Gettext PO catalogs: the polib-facing catalog, the one fast scanner, the writer and the merge."""

"""Cross-article linking."""

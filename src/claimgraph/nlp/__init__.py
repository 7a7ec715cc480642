"""spaCy with domain gazetteer packs."""

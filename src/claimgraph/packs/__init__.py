"""Built-in domain packs (YAML data); see docs/packs.md."""

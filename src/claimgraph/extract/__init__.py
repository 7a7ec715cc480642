"""Per-article extraction: entities, dates, quantities, attribution, certainty, events, claims."""

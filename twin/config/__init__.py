"""Configuration: the structured schema (types) and value validation of a run's config."""

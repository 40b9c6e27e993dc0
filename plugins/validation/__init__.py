"""The validation kernel: problems, safe YAML, schemas, dates, slugs and paths; imports no plugin."""

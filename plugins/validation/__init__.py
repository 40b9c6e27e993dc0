"""validation: the kernel every check uses (`file:line: field: problem; expected ...`): problems,
safe YAML, schemas, dates, text rules, slugs and paths, plugin settings defaults. Imports no plugin.
"""

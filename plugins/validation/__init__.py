"""validation: the shared checks every content type uses (file:line: field: problem; expected)."""

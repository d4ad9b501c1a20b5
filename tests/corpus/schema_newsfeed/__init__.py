"""News-feed schemas and queries (module 8) for the schema checker; see ``designs.py``."""

"""Alembic migration scripts of the schema, shipped in the package (see quiz/store/migrate.py)."""

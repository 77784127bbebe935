"""Storage: SQLAlchemy tables and the code that loads and saves engine state."""

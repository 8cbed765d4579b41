"""SQLAlchemy tables, repositories that return domain objects, and Alembic migrations."""

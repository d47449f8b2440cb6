"""Pure domain model: no Qt, no SQLAlchemy."""

"""Case files: SQLAlchemy 2 over SQLite. No Qt here."""

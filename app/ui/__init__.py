"""Qt widgets. Qt is imported here and nowhere below."""

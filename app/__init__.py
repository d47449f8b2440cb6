"""Casetrail: source-linked fact chronologies."""

__version__ = "0.1.0"

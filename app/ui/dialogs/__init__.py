"""Dialogs: forms for editing the case."""

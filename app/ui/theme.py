"""Light and dark palettes with readable contrast (WCAG 2 ratios are checked in the tests)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

LIGHT = {
    "Window": "#f3f4f6",
    "WindowText": "#1b1f24",
    "Base": "#ffffff",
    "AlternateBase": "#eef1f5",
    "Text": "#1b1f24",
    "Button": "#e9ecf0",
    "ButtonText": "#1b1f24",
    "Mid": "#a3acb8",
    "Highlight": "#1d5fbf",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#ffffdc",
    "ToolTipText": "#1b1f24",
    "PlaceholderText": "#5f6b7a",
    "Link": "#1d5fbf",
}
DARK = {
    "Window": "#1f2329",
    "WindowText": "#e6e9ee",
    "Base": "#16191d",
    "AlternateBase": "#23282f",
    "Text": "#e6e9ee",
    "Button": "#2a3038",
    "ButtonText": "#e6e9ee",
    "Mid": "#67717e",
    "Highlight": "#4f8fe8",
    "HighlightedText": "#0b0d10",
    "ToolTipBase": "#2a3038",
    "ToolTipText": "#e6e9ee",
    "PlaceholderText": "#9aa4b1",
    "Link": "#7fb0f5",
}


def make_palette(dark: bool) -> QPalette:
    palette = QPalette()
    for role, colour in (DARK if dark else LIGHT).items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def apply_theme(app: QApplication, *, dark: bool) -> None:
    app.setStyle("Fusion")
    app.setPalette(make_palette(dark))


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

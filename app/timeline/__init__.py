"""Pure time geometry and layout for the timeline canvas: no widgets."""

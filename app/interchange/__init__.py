"""Getting cases in and out: the demo seed, import and export formats. No widgets."""

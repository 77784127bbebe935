"""Question banks: the file format, its loader and validator, and the conversion to the engine."""

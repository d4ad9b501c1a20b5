"""Public corpora of answers, one folder per module (see each module's README in its docstring)."""

"""Command-line interface (the only layer that imports click)."""

"""linkage package."""

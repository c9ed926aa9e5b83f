"""Tests of the linkage package."""

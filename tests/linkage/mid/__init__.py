"""Tests of the multiple-identity detector."""

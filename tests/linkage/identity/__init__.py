"""Tests of the identity-data search and the record-linkage API."""

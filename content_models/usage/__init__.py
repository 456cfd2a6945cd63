"""Counting views and downloads without personal data (docs/usage-and-reports.md)."""

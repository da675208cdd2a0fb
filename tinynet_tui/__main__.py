"""Placeholder entry point until the TUI lands."""

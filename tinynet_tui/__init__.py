"""tinynet_tui: the Textual app that shows TinyNet learning."""

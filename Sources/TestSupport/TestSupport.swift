// TestSupport: see DEVELOPERS.md for what this module holds.

// AppCore: see DEVELOPERS.md for what this module holds.

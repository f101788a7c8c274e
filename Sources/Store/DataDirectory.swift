// Store: data directory.

"""Use cases: one verb per module; each owns its transaction."""

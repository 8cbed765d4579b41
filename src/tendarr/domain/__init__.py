"""Pure Python core: entities, states and decisions. Imports no framework."""

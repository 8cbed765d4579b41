"""Credential primitives: password hashing, token generation and secrets at rest."""

"""Queue transport (huey) and worker wiring. Only the composition root imports this."""

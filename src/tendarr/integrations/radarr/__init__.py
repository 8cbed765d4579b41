"""Radarr (API v3): the RadarrPort adapter and its payload readers."""

"""Sonarr v3/v4 (API v3): the SonarrPort adapter and its payload readers."""

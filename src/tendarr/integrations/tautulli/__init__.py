"""Tautulli API v2: play history of a Plex server, attached to that server's accounts."""

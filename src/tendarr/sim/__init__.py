"""Vendor simulators driven by one seeded, deterministic household ``World``.

The simulators stand in for Plex, Jellyfin, Emby, Sonarr, Radarr, Tautulli,
Overseerr/Jellyseerr and TMDB in tests, demos and benchmarks. They never stand in for the
product: Tendarr's real adapters talk to them unchanged.
"""

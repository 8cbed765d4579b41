"""Emby 4.8: client and the MediaServer adapter (Jellyfin's model, Emby's routes)."""

"""Jellyfin 10.11: client, Quick Connect sign-in and the MediaServer adapter."""

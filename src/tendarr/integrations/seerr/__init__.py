"""Overseerr and Jellyseerr: requests, requesters and clearing a deleted title's requests."""

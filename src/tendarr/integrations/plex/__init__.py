"""Plex: the Media Server adapter (MediaServer port) and plex.tv sign-in."""

from tendarr.integrations.plex.adapter import PlexLibraryNotFound, PlexServer
from tendarr.integrations.plex.client import PlexClient, PlexRequestRefused
from tendarr.integrations.plex.signin import PinExpired, PlexSignIn

__all__ = [
    "PinExpired",
    "PlexClient",
    "PlexLibraryNotFound",
    "PlexRequestRefused",
    "PlexServer",
    "PlexSignIn",
]

"""Emby 4.8 simulator: Jellyfin's model with Emby's routes, auth header and casing."""

from tendarr.sim.emby.app import IMPLEMENTED, create_app, credentials

__all__ = ["IMPLEMENTED", "create_app", "credentials"]

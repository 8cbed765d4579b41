"""Jellyfin 10.11 simulator: the routes a library manager uses, over the shared World."""

from tendarr.sim.jellyfin.app import IMPLEMENTED, create_app, credentials

__all__ = ["IMPLEMENTED", "create_app", "credentials"]

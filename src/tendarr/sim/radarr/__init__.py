"""Radarr (API v3) simulator."""

from tendarr.sim.radarr.app import create_app, credentials

__all__ = ["create_app", "credentials"]

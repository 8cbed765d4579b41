"""Sonarr v4 (API v3) simulator."""

from tendarr.sim.sonarr.app import create_app, credentials

__all__ = ["create_app", "credentials"]

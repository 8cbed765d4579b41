"""Tendarr: one service that tends a home media library through its whole life."""

__version__ = "0.1.0"

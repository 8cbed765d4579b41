"""Serve the vendor simulators on loopback ports for tests that need real HTTP."""

from tendarr.sim.hub import serve_in_background as simulators

__all__ = ["simulators"]

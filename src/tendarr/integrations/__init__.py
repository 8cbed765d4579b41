"""Adapters to vendor services; each vendor package is independent of the others.

Only the composition root (``tendarr.bootstrap``) imports these packages.
"""

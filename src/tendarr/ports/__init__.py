"""Typed Protocols that services depend on and adapters implement."""

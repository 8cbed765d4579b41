"""Paging throughput: how fast a client can read Tautulli's whole watch history."""

from __future__ import annotations

import time

from starlette.testclient import TestClient
from starlette.types import ASGIApp


def page_through_history(app: ASGIApp, api_key: str, page_size: int = 1000) -> tuple[int, float]:
    """Read every ``get_history`` page; return (rows read, rows per second)."""
    client = TestClient(app)
    started = time.perf_counter()
    read = 0
    while True:
        response = client.get(
            "/api/v2",
            params={"apikey": api_key, "cmd": "get_history", "start": read, "length": page_size},
        )
        response.raise_for_status()
        data = response.json()["response"]["data"]
        read += len(data["data"])
        if read >= data["recordsFiltered"] or not data["data"]:
            break
    elapsed = time.perf_counter() - started
    return read, read / elapsed if elapsed > 0 else float("inf")

"""Paging throughput: how fast a client can read TMDB's discover listing to the end."""

from __future__ import annotations

import time

from starlette.testclient import TestClient
from starlette.types import ASGIApp


def page_through_discover(app: ASGIApp, api_key: str, kind: str = "movie") -> tuple[int, float]:
    """Read every ``/3/discover/{kind}`` page (20 a page, at most 500); return (items, items/s)."""
    client = TestClient(app)
    started = time.perf_counter()
    read, page = 0, 1
    while True:
        response = client.get(f"/3/discover/{kind}", params={"api_key": api_key, "page": page})
        response.raise_for_status()
        body = response.json()
        read += len(body["results"])
        if page >= min(body["total_pages"], 500) or not body["results"]:
            break
        page += 1
    elapsed = time.perf_counter() - started
    return read, read / elapsed if elapsed > 0 else float("inf")

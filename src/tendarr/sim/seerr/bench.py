"""Paging throughput: how fast a client can read every Overseerr/Jellyseerr request."""

from __future__ import annotations

import time

from starlette.testclient import TestClient
from starlette.types import ASGIApp


def page_through_requests(app: ASGIApp, api_key: str, take: int = 100) -> tuple[int, float]:
    """Read every ``GET /api/v1/request`` page; return (requests read, requests per second)."""
    client = TestClient(app)
    started = time.perf_counter()
    read = 0
    while True:
        response = client.get(
            "/api/v1/request",
            params={"take": take, "skip": read},
            headers={"X-Api-Key": api_key},
        )
        response.raise_for_status()
        body = response.json()
        read += len(body["results"])
        if read >= body["pageInfo"]["results"] or not body["results"]:
            break
    elapsed = time.perf_counter() - started
    return read, read / elapsed if elapsed > 0 else float("inf")

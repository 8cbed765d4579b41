"""Paging throughput: how fast a client can read a simulator's whole history."""

from __future__ import annotations

import time

from starlette.testclient import TestClient
from starlette.types import ASGIApp


def page_through_history(app: ASGIApp, api_key: str, page_size: int = 250) -> tuple[int, float]:
    """Read every ``/api/v3/history`` page; return (records read, records per second)."""
    client = TestClient(app)
    started = time.perf_counter()
    read, number = 0, 1
    while True:
        response = client.get(
            "/api/v3/history",
            params={"page": number, "pageSize": page_size},
            headers={"X-Api-Key": api_key},
        )
        response.raise_for_status()
        body = response.json()
        read += len(body["records"])
        if read >= body["totalRecords"] or not body["records"]:
            break
        number += 1
    elapsed = time.perf_counter() - started
    return read, read / elapsed if elapsed > 0 else float("inf")

"""Benchmark: how fast the simulators serve paged library listings over loopback HTTP.

Target: at least 5,000 items per second, so Tendarr's own sync benchmarks measure Tendarr.
Run: .venv/bin/python bench/sim_paging.py [--movies N] [--shows N] [--page-size N]
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

JF_AUTH = 'MediaBrowser Client="bench", Device="bench", DeviceId="bench", Version="1", Token="{}"'


def free_port_block(count: int) -> int:
    """Return a base port with ``count`` free ports after it (best effort)."""
    for base in range(20_000, 60_000, 97):
        try:
            for offset in range(count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
    raise RuntimeError("no free port block")


def page_all(fetch: Callable[[int], tuple[int, int]], page_size: int) -> tuple[int, float]:
    """Call ``fetch(start)`` until the listing ends; return (items, seconds)."""
    started = time.perf_counter()
    start, total = 0, None
    items = 0
    while total is None or start < total:
        got, total = fetch(start)
        items += got
        start += page_size
    return items, time.perf_counter() - started


def main() -> None:
    """Start ``tendarr sim up`` with a large world and page through Plex and Jellyfin."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=8000)
    parser.add_argument("--shows", type=int, default=500)
    parser.add_argument("--page-size", type=int, default=500)
    args = parser.parse_args()
    base = free_port_block(12)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tendarr",
            "sim",
            "up",
            "--port-base",
            str(base),
            "--movies",
            str(args.movies),
            "--shows",
            str(args.shows),
            "--users",
            "20",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        sims = json.loads(proc.stdout.readline())
        size = args.page_size
        with httpx.Client(timeout=60) as http:
            plex = sims["plex"]

            def plex_page(start: int) -> tuple[int, int]:
                body = http.get(
                    f"{plex['url']}/library/sections/2/all",
                    params={
                        "type": 4,
                        "includeGuids": 1,
                        "X-Plex-Container-Start": start,
                        "X-Plex-Container-Size": size,
                    },
                    headers={"X-Plex-Token": plex["token"], "Accept": "application/json"},
                ).json()
                container = body["MediaContainer"]
                return len(container.get("Metadata", [])), int(container["totalSize"])

            jf = sims["jellyfin"]

            def jellyfin_page(start: int) -> tuple[int, int]:
                body = http.get(
                    f"{jf['url']}/Items",
                    params={
                        "recursive": "true",
                        "includeItemTypes": "Episode",
                        "fields": "ProviderIds,Path,MediaSources",
                        "startIndex": start,
                        "limit": size,
                    },
                    headers={"Authorization": JF_AUTH.format(jf["api_key"])},
                ).json()
                return len(body["Items"]), int(body["TotalRecordCount"])

            for label, fetch in (
                ("Plex episodes (type=4, includeGuids)", plex_page),
                ("Jellyfin episodes (ProviderIds, MediaSources)", jellyfin_page),
            ):
                items, seconds = page_all(fetch, size)
                print(
                    f"{label}: {items} items in {seconds:.2f} s = "
                    f"{items / seconds:,.0f} items/s (page size {size})"
                )
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()

"""Benchmark: full and no-change sync of a large household on two servers (Plex, Jellyfin).

Targets (issue: media servers and sync): 50,000 items on two servers — full sync at most
60 s wall, no-change resync at most 5 s, peak RSS at most 400 MB (this process only; the
simulators run in their own process).

Run: .venv/bin/python bench/sync.py [--movies N] [--shows N]
Each run also prints the CPU seconds of Tendarr's process (all threads) and of the
simulators' process, so a wall time can be read as "Tendarr-bound" or "simulator-bound".
Profile: cProfile sees only the thread that starts it, and the adapters run on the
sync's prefetch thread; profile with a smaller household (e.g. --movies 4000 --shows 250)
and ``tendarr.services.sync_library.prefetched`` replaced by ``lambda pages: pages``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tendarr.bootstrap import build_runtime
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.settings import load_infra_settings


class Progress:
    """A JobContext that only remembers the last count."""

    job_id = 0
    attempt = 1
    last = 0

    def progress(
        self,
        completed: int,
        total: int | None = None,
        current_item: str | None = None,
        failed: int | None = None,
    ) -> None:
        self.last = completed

    def check_cancelled(self) -> None:
        return None


def main() -> None:
    """Start the simulators, add both servers, time a full sync and a no-change resync."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, default=20_000)
    parser.add_argument("--shows", type=int, default=1_250)
    parser.add_argument("--port-base", type=int, default=24_000)
    args = parser.parse_args()
    sims = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tendarr",
            "sim",
            "up",
            "--port-base",
            str(args.port_base),
            "--movies",
            str(args.movies),
            "--shows",
            str(args.shows),
            "--users",
            "50",
            "--clock-speed",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert sims.stdout is not None
        described = json.loads(sims.stdout.readline())
        run(described, sims.pid)
    finally:
        sims.send_signal(signal.SIGINT)
        sims.wait(timeout=60)


def cpu_seconds(pid: int) -> float | None:
    """Return the user+system CPU seconds of process ``pid`` (Linux), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(described: dict[str, dict[str, Any]], sim_pid: int) -> None:
    """Sync both servers twice and print the figures."""
    data = Path(tempfile.mkdtemp(prefix="tendarr-bench-"))
    env = {"TENDARR_DATA_DIR": str(data), "TENDARR_LOG_LEVEL": "WARNING"}
    runtime = build_runtime(load_infra_settings(env), environ=env)
    plex, jf = described["plex"], described["jellyfin"]
    configs = [
        ServerConfig(
            id="plex",
            kind=ServerKind.PLEX,
            name="Plex",
            url=plex["url"],
            auth={"method": "token", "token": plex["token"]},
        ),
        ServerConfig(
            id="jellyfin",
            kind=ServerKind.JELLYFIN,
            name="Jellyfin",
            url=jf["url"],
            auth={"method": "api_key", "api_key": jf["api_key"]},
        ),
    ]
    sync = runtime.registry.get("library.sync")
    assert sync is not None
    for config in configs:
        runtime.servers.create(config, "bench")
        runtime.servers.refresh_libraries(config.id, "bench")
    runs = (
        ("full sync", True),
        ("no-change full resync", True),
        ("no-change incremental resync", False),
    )
    for label, full in runs:
        started, cpu, sim_cpu = time.perf_counter(), time.process_time(), cpu_seconds(sim_pid)
        seen = 0
        for config in configs:
            result = sync.handler(Progress(), {"server_id": config.id, "full": full})
            assert result is not None
            seen += int(result["seen"])
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        sim_now = cpu_seconds(sim_pid)
        sim_used = "?" if sim_cpu is None or sim_now is None else f"{sim_now - sim_cpu:.1f} s"
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: {seen} server items on 2 servers in {elapsed:.1f} s "
            f"({seen / elapsed:,.0f} items/s); CPU: Tendarr {cpu:.1f} s, simulators {sim_used}; "
            f"peak RSS so far {rss_mb:.0f} MB"
        )
    with runtime.uow() as uow:
        print("canonical items:", uow.library.counts())
    runtime.close()


if __name__ == "__main__":
    main()

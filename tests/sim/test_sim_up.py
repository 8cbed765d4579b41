"""``tendarr sim up`` serves every simulator and describes them on its first stdout line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import httpx
import pytest

from tests.support import free_port, process_env

pytestmark = pytest.mark.slow


def test_sim_up_prints_endpoints_then_serves_until_interrupted() -> None:
    base = free_port()
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
            "10",
            "--shows",
            "2",
            "--users",
            "3",
        ],
        env=process_env({}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        description = json.loads(proc.stdout.readline())
        assert set(description) == {
            "plex",
            "plextv",
            "discover",
            "jellyfin",
            "emby",
            "sonarr",
            "radarr",
            "tautulli",
            "overseerr",
            "jellyseerr",
            "tmdb",
        }
        tmdb = description["tmdb"]
        genres = httpx.get(
            f"{tmdb['url']}/3/genre/movie/list", params={"api_key": tmdb["api_key"]}, timeout=5
        )
        assert genres.status_code == 200
        sonarr = description["sonarr"]
        status = httpx.get(
            f"{sonarr['url']}/api/v3/system/status",
            headers={"X-Api-Key": sonarr["api_key"]},
            timeout=5,
        )
        assert status.json()["appName"] == "Sonarr"
        plex = description["plex"]
        identity = httpx.get(
            f"{plex['url']}/identity", headers={"Accept": "application/json"}, timeout=5
        ).json()
        assert identity["MediaContainer"]["machineIdentifier"] == plex["machine_identifier"]
        sections = httpx.get(
            f"{plex['url']}/library/sections/all",
            headers={"X-Plex-Token": plex["token"], "Accept": "application/json"},
            timeout=5,
        )
        assert sections.status_code == 200
        jellyfin = description["jellyfin"]
        assert jellyfin["url"].startswith("http://127.0.0.1:")
        info = httpx.get(f"{jellyfin['url']}/System/Info/Public", timeout=5).json()
        assert info["Id"] == jellyfin["server_id"]
        refused = httpx.get(f"{jellyfin['url']}/Users", timeout=5)
        assert refused.status_code == 401
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()

"""The ``tendarr`` command: bad input gets one clear line and exit 2; serve really serves."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tendarr.persistence.migrations import head_revision
from tests.processes import running, wait_healthy
from tests.support import ADMIN, free_port, process_env, wait_for

pytestmark = pytest.mark.slow


def tendarr(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tendarr", *args],
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_version(tmp_path: Path) -> None:
    result = tendarr("version", env={})
    assert result.returncode == 0
    assert result.stdout.startswith("tendarr ")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("TENDARR_PORT", "abc"), ("TENDARR_LOG_FORMAT", "xml"), ("TENDARR_QUEUE_URL", "amqp://x")],
)
def test_invalid_variable_is_one_line_naming_it(tmp_path: Path, variable: str, value: str) -> None:
    result = tendarr("serve", env={"TENDARR_DATA_DIR": str(tmp_path), variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {variable}: ")
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()
    url = f"postgresql://nobody:hunter2@127.0.0.1:{port}/nothing"
    result = tendarr(
        "migrate", env={"TENDARR_DATA_DIR": str(tmp_path), "TENDARR_DATABASE_URL": url}
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot open the database")
    assert "hunter2" not in result.stderr  # the password is never printed
    assert "Traceback" not in result.stderr


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = tendarr(
            "serve",
            env={
                "TENDARR_DATA_DIR": str(tmp_path),
                "TENDARR_HOST": "127.0.0.1",
                "TENDARR_PORT": str(port),
            },
        )
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr


def test_migrate_reports_the_revision(tmp_path: Path) -> None:
    result = tendarr("migrate", env={"TENDARR_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert f"database at revision {head_revision()}" in result.stderr
    assert (tmp_path / "tendarr.db").is_file()


def test_unknown_worker_queue_is_refused(tmp_path: Path) -> None:
    result = tendarr("worker", "--queue", "Bad Name!", env={"TENDARR_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "queue" in result.stderr


def test_fresh_serve_shows_the_wizard_and_streams_live_job_progress(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "TENDARR_DATA_DIR": str(tmp_path / "data"),
        "TENDARR_HOST": "127.0.0.1",
        "TENDARR_PORT": str(port),
    }
    base = f"http://127.0.0.1:{port}"
    with running(["serve"], env, tmp_path / "serve.log") as server:
        wait_healthy(base, server)
        with httpx.Client(base_url=base, timeout=10) as http:
            first = http.get("/", follow_redirects=True)
            assert first.url.path == "/setup"
            assert first.status_code == 200
            csrf = http.post("/api/setup/admin", json=ADMIN).json()["csrf_token"]
            http.headers["X-CSRF-Token"] = csrf
            assert http.get("/").status_code == 200
            seen: list[dict[str, Any]] = []
            with http.stream("GET", "/api/events") as stream:
                assert stream.headers["content-type"].startswith("text/event-stream")
                job = http.post(
                    "/api/jobs",
                    json={"type": "demo.count", "payload": {"steps": 10, "step_seconds": 0.15}},
                ).json()
                event = None
                for line in stream.iter_lines():
                    if line.startswith("event: "):
                        event = line.removeprefix("event: ")
                    elif line.startswith("data: ") and event == "job":
                        data = json.loads(line.removeprefix("data: "))
                        if data["id"] == job["id"]:
                            seen.append(data)
                            if data["state"] == "succeeded":
                                break
        progress = [s["completed"] for s in seen if s["state"] == "running"]
        assert len(set(progress)) >= 3, seen  # pushed while running, not only at the end
        assert progress == sorted(progress)
        assert seen[-1]["state"] == "succeeded"
        wait_for(lambda: "request" in server.output(), message="access log")
    log_lines = [json.loads(x) for x in server.output().splitlines() if x.startswith("{")]
    requests = [x for x in log_lines if x.get("event") == "request"]
    assert requests
    assert all(len(x["request_id"]) == 16 for x in requests)
    assert ADMIN["password"] not in server.output()

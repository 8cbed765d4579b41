"""Start real ``tendarr`` processes for tests and stop them reliably."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.support import process_env, wait_for


class TendarrProcess:
    """One ``python -m tendarr ...`` child with its log in a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log_path = log
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tendarr", *args],
            env=process_env(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up, like a crashed host."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not exit in time."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def running(args: list[str], env: dict[str, str], log: Path) -> Iterator[TendarrProcess]:
    process = TendarrProcess(args, env, log)
    try:
        yield process
    finally:
        with suppress(Exception):
            process.stop()


def wait_healthy(base_url: str, process: TendarrProcess, timeout: float = 30) -> None:
    def up() -> bool:
        if process.proc.poll() is not None:
            raise AssertionError(f"tendarr exited early:\n{process.output()}")
        try:
            return httpx.get(f"{base_url}/api/health", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    wait_for(up, timeout=timeout, message=f"{base_url} to answer")

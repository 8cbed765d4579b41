"""Run FFmpeg/ffprobe as child processes under a stall watchdog.

"Progress" is anything that shows the children are moving: bytes they have read (Linux
``/proc/<pid>/io``), or a caller-supplied counter such as the number of thumbnails written.
When neither changes for ``stall_timeout`` seconds every child is killed and
ExtractionStalled is raised. A tick callback runs on every poll in the caller's thread, so
a cancelled job stops FFmpeg within a fraction of a second (the callback's exception is
re-raised after the kill). Several commands may run at once (``parallel``), and a command
may be fed by a producer process through a pipe.
"""

from __future__ import annotations

import collections
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tendarr.ports.previews import EngineUnavailable, ExtractionStalled

POLL_SECONDS = 0.2
_STDERR_LINES = 40


@dataclass(frozen=True)
class Command:
    """One run: ``argv``, optionally reading the stdout of a ``feed`` process."""

    argv: Sequence[str]
    feed: Sequence[str] | None = None
    cwd: Path | None = None
    capture_stdout: bool = False


@dataclass(frozen=True)
class RunResult:
    """How a finished command ended: exit code, captured stdout and the end of stderr."""

    returncode: int
    stdout: bytes
    stderr_tail: tuple[str, ...]

    @property
    def error_line(self) -> str:
        """Return the most telling stderr line (the last non-empty one), or ''."""
        lines = [line.strip() for line in self.stderr_tail if line.strip()]
        return lines[-1] if lines else ""


@dataclass
class _Child:
    """A started process and the threads draining its pipes."""

    process: subprocess.Popen[bytes]
    stdout: list[bytes] = field(default_factory=list)
    tail: collections.deque[str] = field(
        default_factory=lambda: collections.deque(maxlen=_STDERR_LINES)
    )
    readers: list[threading.Thread] = field(default_factory=list)

    def drain(self, capture_stdout: bool) -> None:
        pending = bytearray()

        def keep(chunk: bytes) -> None:
            pending.extend(chunk)
            *lines, rest = pending.split(b"\n")
            self.tail.extend(line.decode(errors="replace") for line in lines)
            pending[:] = rest

        assert self.process.stderr is not None
        self.readers.append(_reader(self.process.stderr, keep))
        if capture_stdout:
            assert self.process.stdout is not None
            self.readers.append(_reader(self.process.stdout, self.stdout.append))

    def finish(self) -> RunResult:
        for reader in self.readers:
            reader.join()
        return RunResult(self.process.wait(), b"".join(self.stdout), tuple(self.tail))

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _reader(stream: IO[bytes], sink: Callable[[bytes], None]) -> threading.Thread:
    def pump() -> None:
        for chunk in iter(lambda: stream.read(65536), b""):
            sink(chunk)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return thread


def _spawn(argv: Sequence[str], stdin: IO[bytes] | int, stdout: int, cwd: Path | None) -> _Child:
    try:
        process = subprocess.Popen(  # noqa: S603 - argv is built by this package, never a shell
            list(argv), stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd
        )
    except FileNotFoundError as err:
        raise EngineUnavailable(f"{argv[0]} is not installed or not on PATH") from err
    return _Child(process)


def _start(command: Command) -> list[_Child]:
    """Start the command (and its feed); return [feed, consumer] or [consumer]."""
    children: list[_Child] = []
    stdin: IO[bytes] | int = subprocess.DEVNULL
    if command.feed is not None:
        producer = _spawn(command.feed, subprocess.DEVNULL, subprocess.PIPE, command.cwd)
        producer.drain(capture_stdout=False)
        assert producer.process.stdout is not None
        stdin = producer.process.stdout
        children.append(producer)
    out = subprocess.PIPE if command.capture_stdout else subprocess.DEVNULL
    consumer = _spawn(command.argv, stdin, out, command.cwd)
    if command.feed is not None:
        children[0].process.stdout.close()  # type: ignore[union-attr]  # the consumer owns it
    consumer.drain(command.capture_stdout)
    children.append(consumer)
    return children


def _result(children: list[_Child]) -> RunResult:
    consumer = children[-1].finish()
    if len(children) == 1 or consumer.returncode == 0:
        children[0].finish()
        return consumer  # a producer cut off by an early-finishing consumer is fine
    producer = children[0].finish()
    tail = consumer.stderr_tail if consumer.error_line else producer.stderr_tail
    return RunResult(consumer.returncode, consumer.stdout, tail)


def _read_bytes(pid: int) -> int:
    """Return the child's ``rchar`` (bytes read through syscalls), 0 if unavailable."""
    try:
        with open(f"/proc/{pid}/io") as io_stats:
            for line in io_stats:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def run_all(
    commands: Sequence[Command],
    *,
    stall_timeout: float,
    parallel: int = 1,
    progress: Callable[[], int] | None = None,
    on_tick: Callable[[], None] | None = None,
) -> list[RunResult]:
    """Run ``commands``, at most ``parallel`` at a time; return their results in order."""
    results: dict[int, RunResult] = {}
    running: dict[int, list[_Child]] = {}
    queue = list(enumerate(commands))
    last_seen: tuple[int, int | None] | None = None
    last_change = time.monotonic()
    polls = 0
    try:
        while queue or running:
            while queue and len(running) < max(1, parallel):
                number, command = queue.pop(0)
                running[number] = _start(command)
            time.sleep(min(POLL_SECONDS, 0.005 * 2**polls))  # short runs end without a wait
            polls += 1
            for number, children in list(running.items()):
                if children[-1].process.poll() is not None:
                    results[number] = _result(running.pop(number))
            if on_tick is not None:
                on_tick()
            seen = (
                sum(_read_bytes(c.process.pid) for kids in running.values() for c in kids),
                progress() if progress is not None else None,
            )
            now = time.monotonic()
            if seen != last_seen or not running:
                last_seen, last_change = seen, now
            elif now - last_change > stall_timeout:
                raise ExtractionStalled(
                    f"FFmpeg made no progress for {stall_timeout:g} s and was stopped "
                    "(unreadable or stalled source?)"
                )
    except BaseException:
        for children in running.values():
            for child in children:
                child.kill()
        raise
    return [results[number] for number in range(len(commands))]


def run_watched(
    argv: Sequence[str],
    *,
    stall_timeout: float,
    capture_stdout: bool = False,
    progress: Callable[[], int] | None = None,
    on_tick: Callable[[], None] | None = None,
    cwd: Path | None = None,
) -> RunResult:
    """Run one command to completion, killing it when it stalls or ``on_tick`` raises."""
    command = Command(argv, cwd=cwd, capture_stdout=capture_stdout)
    return run_all([command], stall_timeout=stall_timeout, progress=progress, on_tick=on_tick)[0]

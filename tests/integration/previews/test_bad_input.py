"""Real FFmpeg: bad sources fail with a clear reason and leave nothing behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tendarr.domain.previews.fingerprint import SourceStamp
from tendarr.domain.previews.outcome import OutcomeStatus
from tendarr.integrations.ffmpeg.process import Command, run_all, run_watched
from tendarr.integrations.ffmpeg.tools import FfmpegCapabilities, FfmpegTools
from tendarr.integrations.preview_files import FilePreviewStore
from tendarr.ports.previews import ExtractionStalled
from tendarr.services.generate_previews import PreviewGenerator
from tests.integration.previews.conftest import Clips, full_request, make_engine


def leftovers(out: Path) -> list[str]:
    return sorted(str(path.relative_to(out)) for path in out.rglob("*")) if out.exists() else []


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("garbage", "cannot read the file: Invalid data found when processing input"),
        ("empty", "empty file (0 bytes)"),
        ("audio_only", "no video stream (audio-only or cover art only)"),
        ("truncated", "looks truncated"),
    ],
)
def test_bad_sources_fail_with_a_reason_and_write_nothing(
    clips: Clips, generator: PreviewGenerator, tmp_path: Path, name: str, reason: str
) -> None:
    out = tmp_path / "out"
    outcome = generator.generate(full_request(getattr(clips, name), out))
    assert outcome.status is OutcomeStatus.FAILED
    assert outcome.reason is not None
    assert reason in outcome.reason
    assert leftovers(out) == []


def test_missing_source_fails(generator: PreviewGenerator, tmp_path: Path) -> None:
    outcome = generator.generate(full_request(tmp_path / "gone.mkv", tmp_path))
    assert outcome.reason == f"file not found: {tmp_path / 'gone.mkv'}"


class AnyFileStore(FilePreviewStore):
    """Lets a FIFO through, so the stall reaches FFmpeg."""

    def stamp(self, source: Path) -> SourceStamp:
        return SourceStamp(1, 1)


def test_a_stalled_source_is_killed_after_the_stall_timeout(
    tools: FfmpegTools, capabilities: FfmpegCapabilities, tmp_path: Path
) -> None:
    fifo = tmp_path / "stalled.mkv"
    os.mkfifo(fifo)  # opening it for reading blocks forever: nobody writes
    generator = PreviewGenerator(make_engine(tools, capabilities, AnyFileStore()))
    started = time.monotonic()
    outcome = generator.generate(full_request(fifo, tmp_path / "out"))
    assert outcome.status is OutcomeStatus.FAILED
    assert outcome.reason is not None
    assert "no progress for 3 s" in outcome.reason
    assert time.monotonic() - started < 15
    assert leftovers(tmp_path / "out") == []


def test_watchdog_spares_a_child_that_keeps_working() -> None:
    result = run_watched(
        ["sh", "-c", "for i in 1 2 3 4 5 6; do echo x; sleep 0.3; done"],
        stall_timeout=1.0,
        capture_stdout=True,
        progress=lambda: int(time.monotonic() * 10),  # keeps changing
    )
    assert result.returncode == 0


def test_watchdog_kills_a_silent_child() -> None:
    with pytest.raises(ExtractionStalled):
        run_watched(["sleep", "30"], stall_timeout=0.6)


def test_commands_run_side_by_side_and_a_producer_can_feed_a_consumer() -> None:
    commands = [
        Command(["sh", "-c", "sleep 0.3; echo first"], capture_stdout=True),
        Command(["wc", "-c"], feed=["printf", "12345"], capture_stdout=True),
        Command(["sh", "-c", "echo boom >&2; exit 3"]),
    ]
    started = time.monotonic()
    first, fed, failed = run_all(commands, stall_timeout=5, parallel=3)
    assert time.monotonic() - started < 2
    assert first.stdout == b"first\n"
    assert fed.stdout.strip() == b"5"
    assert (failed.returncode, failed.error_line) == (3, "boom")


def test_a_consumer_that_stops_early_is_not_failed_by_its_producer() -> None:
    command = Command(["head", "-c", "3"], feed=["yes"], capture_stdout=True)
    (result,) = run_all([command], stall_timeout=5)
    assert result.returncode == 0
    assert result.stdout == b"y\ny"

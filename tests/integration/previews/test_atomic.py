"""Real FFmpeg: publishing is atomic, failures and cancellation leave old previews intact."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tendarr.domain.previews.outcome import OutcomeStatus
from tendarr.domain.previews.plans import PreviewRequest
from tendarr.integrations.preview_files import FilePreviewStore
from tendarr.ports.previews import PublishFailed
from tendarr.services.generate_previews import PreviewGenerator
from tests.integration.previews.conftest import Clips, full_request


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def ffmpeg_children() -> list[int]:
    """Return the pids of FFmpeg processes this test process started and left running."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, ppid = stat.split("(", 1)[1].split(")")[0], int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and name.startswith(("ffmpeg", "ffprobe")):
            found.append(int(entry.name))
    return found


@pytest.fixture
def published(clips: Clips, generator: PreviewGenerator, tmp_path: Path) -> PreviewRequest:
    media = tmp_path / "media"
    media.mkdir()
    shutil.copy(clips.dense, media / "movie.mp4")
    request = full_request(media / "movie.mp4", tmp_path / "out")
    assert generator.generate(request).status is OutcomeStatus.GENERATED
    return request


def test_a_failed_regeneration_keeps_the_good_preview(
    published: PreviewRequest, generator: PreviewGenerator, tmp_path: Path
) -> None:
    before = snapshot(tmp_path / "out")
    published.source.write_bytes(os.urandom(100_000))  # the file got corrupted
    outcome = generator.generate(published)
    assert outcome.status is OutcomeStatus.FAILED
    assert snapshot(tmp_path / "out") == before  # nothing replaced, no temp files


class Stop(Exception):
    pass


def test_cancelling_mid_extraction_stops_ffmpeg_and_publishes_nothing(
    clips: Clips, generator: PreviewGenerator, tmp_path: Path
) -> None:
    calls: list[float] = []

    def cancel(fraction: float) -> None:
        calls.append(fraction)
        if fraction > 0.05:
            raise Stop

    with pytest.raises(Stop):
        generator.generate(full_request(clips.sparse, tmp_path / "out"), on_progress=cancel)
    assert not (tmp_path / "out").exists()
    assert ffmpeg_children() == []


def test_regeneration_swaps_the_tile_folder_whole(
    published: PreviewRequest, generator: PreviewGenerator, tmp_path: Path
) -> None:
    folder = published.trickplay[0].directory
    (folder / "stale.jpg").write_bytes(b"old")
    assert generator.generate(published, force=True).status is OutcomeStatus.GENERATED
    assert sorted(p.name for p in folder.iterdir()) == ["0.jpg"]
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]  # no staging/old


def test_a_failing_rename_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "movie.bif"
    target.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PublishFailed, match="No space left"):
        FilePreviewStore().write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["movie.bif"]


def test_a_failure_while_staging_keeps_the_live_folder(tmp_path: Path) -> None:
    live = tmp_path / "movie.trickplay" / "320 - 10x10"
    live.mkdir(parents=True)
    (live / "0.jpg").write_bytes(b"good")

    def half_written() -> None:
        with FilePreviewStore().staged_folder(live) as staging:
            (staging / "0.jpg").write_bytes(b"half")
            raise RuntimeError("tiling failed")

    with pytest.raises(RuntimeError):
        half_written()
    assert (live / "0.jpg").read_bytes() == b"good"
    assert [p.name for p in live.parent.iterdir()] == ["320 - 10x10"]

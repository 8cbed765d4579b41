"""``tendarr previews generate`` and ``inspect`` end to end with real FFmpeg."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tendarr.cli import app
from tests.integration.previews.conftest import Clips

runner = CliRunner()


def tendarr(*args: str) -> Result:
    return runner.invoke(app, ["previews", *args])


@pytest.fixture
def media(clips: Clips, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "Show" / "Season 1").mkdir(parents=True)
    shutil.copy(clips.dense, root / "Movie (2010).mp4")
    shutil.copy(clips.sparse, root / "Show" / "Season 1" / "Show - S01E01.mkv")
    (root / "notes.txt").write_text("not a video")
    return root


def test_generate_walks_folders_and_writes_bif_and_trickplay(media: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = tendarr("generate", str(media), "--out", str(out), "--format", "all")
    assert result.exit_code == 0, result.output
    assert "2 ok, 0 failed" in result.output
    assert (out / "Movie (2010)-320-10.bif").is_file()
    assert (out / "Movie (2010).trickplay" / "320 - 10x10" / "0.jpg").is_file()
    episode = out / "Show" / "Season 1"
    assert (episode / "Show - S01E01-320-10.bif").is_file()
    assert (episode / "Show - S01E01.trickplay" / "320 - 10x10" / "0.jpg").is_file()

    again = tendarr("generate", str(media), "--out", str(out))
    assert again.exit_code == 0
    assert again.output.count("fresh") == 2

    forced = tendarr("generate", str(media / "Movie (2010).mp4"), "--out", str(out), "--force")
    assert "generated" in forced.output


def test_inspect_reports_bif_and_trickplay(media: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    video = str(media / "Movie (2010).mp4")
    assert tendarr("generate", video, "--out", str(out), "--interval", "5").exit_code == 0

    bif = tendarr("inspect", str(out / "Movie (2010)-320-5.bif"), "--json")
    assert bif.exit_code == 0, bif.output
    report = json.loads(bif.stdout)
    assert report["count"] == 12
    assert report["interval_ms"] == 5000
    assert report["timestamps_ms"][:3] == [0, 5000, 10000]
    assert report["frame_size"] == [320, 180]
    assert report["not_jpeg"] == []

    sheets = tendarr("inspect", str(out / "Movie (2010).trickplay"), "--interval", "5", "--json")
    assert sheets.exit_code == 0, sheets.output
    width = json.loads(sheets.stdout)["widths"][0]
    assert width["count"] == 12
    assert width["sheets"] == 1
    assert width["sheet_size"] == [3200, 1800]
    assert width["thumbnail_size"] == [320, 180]
    assert width["timestamps_ms"][-1] == 55_000

    text = tendarr("inspect", str(out / "Movie (2010)-320-5.bif"))
    assert "12 frames, interval 5 s" in text.stdout
    assert "0:55" in text.stdout


def test_only_bif_when_asked(media: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    video = str(media / "Movie (2010).mp4")
    result = tendarr("generate", video, "--out", str(out), "--format", "bif", "--width", "240")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".tendarr-previews.json",
        "Movie (2010)-240-10.bif",
    ]


def test_a_bad_file_fails_alone_and_the_exit_code_says_so(
    media: Path, clips: Clips, tmp_path: Path
) -> None:
    shutil.copy(clips.garbage, media / "broken.mkv")
    result = tendarr("generate", str(media), "--out", str(tmp_path / "out"), "--format", "bif")
    assert result.exit_code == 1
    assert "broken.mkv: cannot read the file" in result.output
    assert "2 ok, 1 failed" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate", "/no/such/video.mkv", "--out", "/tmp/x"], "not found: /no/such/video.mkv"),
        (["generate", "{media}", "--out", "{out}", "--width", "321"], "width must be an even"),
        (["generate", "{media}", "--out", "{out}", "--gpu", "cuda"], "no cuda device found"),
        (["generate", "{out}", "--out", "{out}"], "no video files found"),
        (["inspect", "{media}/notes.txt"], "is not a valid BIF"),
        (["inspect", "{media}"], "holds no trickplay width folders"),
    ],
)
def test_bad_input_is_one_clear_error(
    media: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "out").mkdir()
    filled = [arg.format(media=media, out=tmp_path / "out") for arg in args]
    result = tendarr(*filled)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_out_of_range_interval_is_refused(media: Path, tmp_path: Path) -> None:
    result = tendarr("generate", str(media), "--out", str(tmp_path), "--interval", "0")
    assert result.exit_code == 2
    assert "Traceback" not in result.output

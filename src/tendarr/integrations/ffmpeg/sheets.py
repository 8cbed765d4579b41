"""The SheetComposer port: tile thumbnails into Jellyfin trickplay sheets with FFmpeg."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tendarr.domain.previews.trickplay import TileGrid
from tendarr.integrations.ffmpeg.process import run_watched
from tendarr.integrations.ffmpeg.tools import FfmpegTools
from tendarr.ports.previews import ExtractionFailed


class FfmpegSheetComposer:
    """Decode the small thumbnail JPEGs and tile them (``tile=CxR``), full canvas, row-major."""

    def __init__(self, tools: FfmpegTools, stall_timeout: float = 60.0) -> None:
        self._tools = tools
        self._stall_timeout = stall_timeout

    def compose(
        self, frames: Sequence[Path], grid: TileGrid, quality: int, into: Path
    ) -> tuple[Path, ...]:
        """Write sheets ``0.jpg, 1.jpg, …`` into ``into`` and return them in order."""
        if not frames:
            raise ExtractionFailed("no thumbnails to tile")
        with tempfile.TemporaryDirectory(prefix="tendarr-sheets-") as tmp:
            for number, frame in enumerate(frames):
                os.symlink(frame.resolve(), Path(tmp) / f"{number:06d}.jpg")
            argv = [self._tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y"]
            argv += ["-framerate", "1", "-start_number", "0", "-i", str(Path(tmp) / "%06d.jpg")]
            argv += ["-vf", f"tile={grid.columns}x{grid.rows}", "-fps_mode", "passthrough"]
            argv += ["-q:v", str(quality), "-start_number", "0", str(into / "%d.jpg")]
            result = run_watched(argv, stall_timeout=self._stall_timeout)
        if result.returncode != 0:
            raise ExtractionFailed(f"tiling thumbnails failed: {result.error_line}")
        expected = -(-len(frames) // grid.per_sheet)
        sheets = tuple(into / f"{number}.jpg" for number in range(expected))
        if not all(sheet.is_file() for sheet in sheets) or (into / f"{expected}.jpg").exists():
            raise ExtractionFailed(f"tiling wrote an unexpected number of sheets (not {expected})")
        return sheets


_BLACK_MAX_LUMA = 32  # a tile whose brightest pixel is darker than this counts as empty


def count_filled_tiles(tools: FfmpegTools, sheet: Path, grid: TileGrid) -> int:
    """Return how many tiles of ``sheet`` hold a picture (unused cells are black).

    Counts up to the last non-black tile, as Jellyfin's preview bridge does, so a dark
    thumbnail in the middle of the sheet still counts.
    """
    graph = f"untile={grid.columns}x{grid.rows},signalstats,"
    graph += "metadata=mode=print:key=lavfi.signalstats.YMAX:file=-"
    argv = [tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-i", str(sheet)]
    argv += ["-vf", graph, "-f", "null", "-"]
    result = run_watched(argv, stall_timeout=30.0, capture_stdout=True)
    if result.returncode != 0:
        raise ExtractionFailed(f"cannot read {sheet.name}: {result.error_line}")
    peaks = [
        float(line.partition("=")[2])
        for line in result.stdout.decode(errors="replace").splitlines()
        if line.startswith("lavfi.signalstats.YMAX=")
    ]
    filled = [n for n, peak in enumerate(peaks) if peak >= _BLACK_MAX_LUMA]
    return filled[-1] + 1 if filled else 0

"""Read a BIF or a trickplay folder back and describe it (``tendarr previews inspect``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tendarr.domain.previews.bif import BifError, decode_bif
from tendarr.domain.previews.jpeg import is_jpeg, jpeg_size
from tendarr.domain.previews.trickplay import TileGrid, parse_trickplay_folder_name
from tendarr.integrations.ffmpeg.sheets import count_filled_tiles
from tendarr.integrations.ffmpeg.tools import FfmpegTools
from tendarr.ports.previews import PreviewError

_PER_LINE = 10


class InspectError(Exception):
    """The path is not something ``inspect`` can read; the message says why."""


class Report(Protocol):
    """Something inspect can print."""

    def text(self) -> str:
        """Return the human-readable report."""
        ...

    def as_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        ...


def clock(ms: int) -> str:
    """Return ``ms`` as ``[H:]MM:SS[.mmm]``."""
    seconds, millis = divmod(ms, 1000)
    hours, rest = divmod(seconds, 3600)
    text = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
    return text + (f".{millis:03d}" if millis else "")


def _timeline(times: list[int]) -> list[str]:
    return [
        "  " + "  ".join(clock(ms) for ms in times[start : start + _PER_LINE])
        for start in range(0, len(times), _PER_LINE)
    ]


@dataclass(frozen=True)
class BifReport:
    """What a BIF holds."""

    path: Path
    version: int
    count: int
    interval_ms: int
    times_ms: list[int]
    frame_size: tuple[int, int] | None
    not_jpeg: list[int]

    def text(self) -> str:
        """Return the human-readable report."""
        size = f"{self.frame_size[0]}x{self.frame_size[1]}" if self.frame_size else "unknown"
        lines = [
            f"BIF {self.path}",
            f"  version {self.version}, {self.count} frames, "
            f"interval {self.interval_ms / 1000:g} s, frame size {size}",
        ]
        if self.not_jpeg:
            lines.append(f"  not JPEG: frames {', '.join(map(str, self.not_jpeg))}")
        return "\n".join([*lines, "timestamps:", *_timeline(self.times_ms)])

    def as_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {
            "kind": "bif", "path": str(self.path), "version": self.version,
            "count": self.count, "interval_ms": self.interval_ms, "timestamps_ms": self.times_ms,
            "frame_size": list(self.frame_size) if self.frame_size else None,
            "not_jpeg": self.not_jpeg,
        }  # fmt: skip


@dataclass(frozen=True)
class TrickplayReport:
    """The geometry of one ``W - CxR`` folder."""

    path: Path
    width: int
    grid: TileGrid
    sheets: int
    sheet_size: tuple[int, int]
    thumbnail_size: tuple[int, int]
    count: int | None  # None when the last sheet could not be read
    interval_s: int | None

    def text(self) -> str:
        """Return the human-readable report."""
        capacity = self.sheets * self.grid.per_sheet
        count = f"{self.count}" if self.count is not None else f"up to {capacity}"
        lines = [
            f"trickplay {self.path}",
            f"  tiles {self.grid.columns}x{self.grid.rows}, {self.sheets} sheet(s) of "
            f"{self.sheet_size[0]}x{self.sheet_size[1]}, thumbnails "
            f"{self.thumbnail_size[0]}x{self.thumbnail_size[1]}, count {count}",
        ]
        if self.interval_s is None or self.count is None:
            return "\n".join([*lines, "  (pass --interval to list timestamps)"])
        times = [n * self.interval_s * 1000 for n in range(self.count)]
        return "\n".join([*lines, f"timestamps (interval {self.interval_s} s):", *_timeline(times)])

    def as_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        times = (
            [n * self.interval_s * 1000 for n in range(self.count)]
            if self.interval_s is not None and self.count is not None
            else None
        )
        return {
            "kind": "trickplay", "path": str(self.path), "width": self.width,
            "tile_columns": self.grid.columns, "tile_rows": self.grid.rows,
            "sheets": self.sheets, "sheet_size": list(self.sheet_size),
            "thumbnail_size": list(self.thumbnail_size), "count": self.count,
            "interval_s": self.interval_s, "timestamps_ms": times,
        }  # fmt: skip


@dataclass(frozen=True)
class FolderReport:
    """Every width folder of a ``<name>.trickplay`` folder."""

    path: Path
    widths: list[TrickplayReport]

    def text(self) -> str:
        """Return the human-readable report."""
        return "\n\n".join(report.text() for report in self.widths)

    def as_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {"kind": "trickplay-folder", "path": str(self.path),
                "widths": [report.as_dict() for report in self.widths]}  # fmt: skip


def inspect_bif(path: Path) -> BifReport:
    """Decode the BIF at ``path`` and check that every frame is a JPEG."""
    try:
        bif = decode_bif(path.read_bytes())
    except OSError as err:
        raise InspectError(f"cannot read {path}: {err.strerror}") from err
    except BifError as err:
        raise InspectError(f"{path} is not a valid BIF: {err}") from err
    size = None
    if bif.frames and is_jpeg(bif.frames[0]):
        try:
            size = jpeg_size(bif.frames[0])
        except ValueError:
            size = None
    bad = [n for n, frame in enumerate(bif.frames) if not is_jpeg(frame)]
    return BifReport(path, bif.version, bif.count, bif.interval_ms, list(bif.times_ms()), size, bad)


def inspect_trickplay(path: Path, interval_s: int | None, tools: FfmpegTools) -> TrickplayReport:
    """Describe one ``W - CxR`` folder; count the last sheet's filled tiles with FFmpeg."""
    parsed = parse_trickplay_folder_name(path.name)
    if parsed is None:
        raise InspectError(f"{path.name!r} is not a trickplay folder name like '320 - 10x10'")
    width, grid = parsed
    names = sorted((p for p in path.glob("*.jpg") if p.stem.isdigit()), key=lambda p: int(p.stem))
    if not names or [int(p.stem) for p in names] != list(range(len(names))):
        raise InspectError(f"{path} has no sheets numbered 0.jpg, 1.jpg, … without gaps")
    try:
        sheet_w, sheet_h = jpeg_size(names[0].read_bytes())
    except (OSError, ValueError) as err:
        raise InspectError(f"{names[0]} is not a readable JPEG: {err}") from err
    try:
        last = count_filled_tiles(tools, names[-1], grid)
        count: int | None = (len(names) - 1) * grid.per_sheet + last
    except PreviewError:
        count = None
    thumb = (sheet_w // grid.columns, sheet_h // grid.rows)
    return TrickplayReport(
        path, width, grid, len(names), (sheet_w, sheet_h), thumb, count, interval_s
    )


def inspect_path(
    path: Path, interval_s: int | None = None, tools: FfmpegTools | None = None
) -> Report:
    """Inspect a .bif file, a ``W - CxR`` folder or a ``<name>.trickplay`` folder."""
    tools = tools or FfmpegTools()
    if path.is_file():
        return inspect_bif(path)
    if not path.is_dir():
        raise InspectError(f"not found: {path}")
    if parse_trickplay_folder_name(path.name) is not None:
        return inspect_trickplay(path, interval_s, tools)
    widths = sorted(
        (child for child in path.iterdir() if parse_trickplay_folder_name(child.name)),
        key=lambda child: child.name,
    )
    if not widths:
        raise InspectError(f"{path} holds no trickplay width folders ('320 - 10x10')")
    return FolderReport(path, [inspect_trickplay(child, interval_s, tools) for child in widths])

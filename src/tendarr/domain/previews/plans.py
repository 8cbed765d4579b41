"""Output plans: which previews one source needs, where they go, and the frames they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tendarr.domain.previews.settings import PreviewSettings, check_width
from tendarr.domain.previews.trickplay import TileGrid, trickplay_folder_name

SHEET_FRAME_QUALITY = 2  # frames that will be re-encoded into sheets are kept near-lossless


@dataclass(frozen=True)
class BifTarget:
    """A BIF to write at ``path`` with thumbnails ``width`` pixels wide."""

    path: Path
    width: int


@dataclass(frozen=True)
class TrickplayTarget:
    """Tile sheets for one width, published as the folder ``directory`` (``W - CxR``)."""

    directory: Path
    width: int
    grid: TileGrid = field(default_factory=TileGrid)


@dataclass(frozen=True)
class FrameVariant:
    """One set of per-slot JPEGs the extraction writes: a width and a JPEG quality."""

    width: int
    quality: int


@dataclass(frozen=True)
class PreviewRequest:
    """Everything to generate for one source file in one decode pass."""

    source: Path
    settings: PreviewSettings
    bifs: tuple[BifTarget, ...] = ()
    trickplay: tuple[TrickplayTarget, ...] = ()

    def __post_init__(self) -> None:
        widths = {t.width for t in self.bifs} | {t.width for t in self.trickplay}
        for width in widths:
            check_width(width)

    @property
    def empty(self) -> bool:
        """Return whether no output was asked for."""
        return not self.bifs and not self.trickplay

    def variants(self) -> tuple[FrameVariant, ...]:
        """Return the frame sets to extract: BIF widths at the BIF quality, sheet widths high."""
        wanted = {FrameVariant(target.width, self.settings.quality) for target in self.bifs}
        wanted |= {FrameVariant(target.width, SHEET_FRAME_QUALITY) for target in self.trickplay}
        return tuple(sorted(wanted, key=lambda variant: (-variant.width, variant.quality)))

    def bif_variant(self, target: BifTarget) -> FrameVariant:
        """Return the frame set a BIF target is packed from."""
        return FrameVariant(target.width, self.settings.quality)

    def sheet_variant(self, target: TrickplayTarget) -> FrameVariant:
        """Return the frame set a trickplay target's sheets are tiled from."""
        return FrameVariant(target.width, SHEET_FRAME_QUALITY)

    def output_paths(self) -> tuple[Path, ...]:
        """Return every path this request publishes."""
        return (*(t.path for t in self.bifs), *(t.directory for t in self.trickplay))


def sidecar_bif_name(stem: str, width: int, interval_s: int) -> str:
    """Return Emby's sidecar name ``<stem>-<width>-<interval>.bif``."""
    return f"{stem}-{width}-{interval_s}.bif"


def trickplay_directory(parent: Path, stem: str, width: int, grid: TileGrid = TileGrid()) -> Path:
    """Return ``<parent>/<stem>.trickplay/<width> - <C>x<R>`` (Jellyfin's beside-media layout)."""
    return parent / f"{stem}.trickplay" / trickplay_folder_name(width, grid)

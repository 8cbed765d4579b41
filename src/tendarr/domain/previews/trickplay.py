"""Jellyfin trickplay tile sheets: thumbnail size, sheet geometry and folder names.

Thumbnails fill sheets of ``columns x rows`` tiles row-major: thumbnail *i* is on sheet
``i // per_sheet`` at column ``(i % per_sheet) % columns``, row ``(i % per_sheet) //
columns``. Sheets are named ``0.jpg, 1.jpg, …`` inside ``"<width> - <columns>x<rows>"``;
every sheet, the last included, is a full canvas (unused tiles black).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_COLUMNS = 10
DEFAULT_ROWS = 10
_FOLDER = re.compile(r"^(\d+) - (\d+)x(\d+)$")


@dataclass(frozen=True)
class TileGrid:
    """How many thumbnails a sheet holds across and down."""

    columns: int = DEFAULT_COLUMNS
    rows: int = DEFAULT_ROWS

    def __post_init__(self) -> None:
        if self.columns < 1 or self.rows < 1:
            raise ValueError("a tile grid needs at least one column and one row")

    @property
    def per_sheet(self) -> int:
        """Return the number of thumbnails one sheet holds."""
        return self.columns * self.rows


@dataclass(frozen=True)
class TilePosition:
    """Where one thumbnail sits: its sheet and its cell on that sheet."""

    sheet: int
    column: int
    row: int


@dataclass(frozen=True)
class TrickplayGeometry:
    """The sheets for ``count`` thumbnails of ``width x height`` on a grid."""

    width: int
    height: int
    count: int
    grid: TileGrid = TileGrid()

    @property
    def sheet_count(self) -> int:
        """Return how many sheets the thumbnails fill."""
        return -(-self.count // self.grid.per_sheet)

    @property
    def sheet_size(self) -> tuple[int, int]:
        """Return the pixel size of every sheet (a full canvas)."""
        return self.width * self.grid.columns, self.height * self.grid.rows

    @property
    def folder_name(self) -> str:
        """Return the Jellyfin folder name for this width and grid."""
        return trickplay_folder_name(self.width, self.grid)

    def position(self, index: int) -> TilePosition:
        """Return the sheet and cell of thumbnail ``index``."""
        if not 0 <= index < self.count:
            raise IndexError(f"thumbnail {index} is outside 0..{self.count - 1}")
        sheet, cell = divmod(index, self.grid.per_sheet)
        row, column = divmod(cell, self.grid.columns)
        return TilePosition(sheet, column, row)

    def tiles_on_sheet(self, sheet: int) -> int:
        """Return how many thumbnails sheet ``sheet`` holds (the last may be partial)."""
        if not 0 <= sheet < self.sheet_count:
            raise IndexError(f"sheet {sheet} is outside 0..{self.sheet_count - 1}")
        return min(self.grid.per_sheet, self.count - sheet * self.grid.per_sheet)


def trickplay_folder_name(width: int, grid: TileGrid = TileGrid()) -> str:
    """Return ``"<width> - <columns>x<rows>"``, the folder Jellyfin's tile picker expects."""
    return f"{width} - {grid.columns}x{grid.rows}"


def parse_trickplay_folder_name(name: str) -> tuple[int, TileGrid] | None:
    """Return ``(width, grid)`` from a folder name such as ``"320 - 10x10"``, else None."""
    match = _FOLDER.match(name)
    if match is None:
        return None
    width, columns, rows = (int(group) for group in match.groups())
    if width < 1 or columns < 1 or rows < 1:
        return None
    return width, TileGrid(columns, rows)


def thumbnail_size(display_width: int, display_height: int, width: int) -> tuple[int, int]:
    """Return ``(width, height)`` for a thumbnail ``width`` wide keeping the display aspect.

    The height is rounded to an even number (4:2:0 JPEGs) and is at least 2.
    """
    if display_width < 1 or display_height < 1:
        raise ValueError("the source has no picture size")
    if width < 2:
        raise ValueError("a thumbnail is at least 2 pixels wide")
    height = round(width * display_height / display_width / 2) * 2
    return width, max(2, height)

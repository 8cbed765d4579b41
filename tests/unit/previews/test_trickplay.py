"""Trickplay geometry: row-major tiles, sheet counts, folder names, thumbnail sizes."""

from __future__ import annotations

import pytest

from tendarr.domain.previews.jpeg import jpeg_size
from tendarr.domain.previews.trickplay import (
    TileGrid,
    TilePosition,
    TrickplayGeometry,
    parse_trickplay_folder_name,
    thumbnail_size,
    trickplay_folder_name,
)


@pytest.mark.parametrize(
    ("index", "position"),
    [
        (0, TilePosition(0, 0, 0)),
        (9, TilePosition(0, 9, 0)),
        (10, TilePosition(0, 0, 1)),
        (99, TilePosition(0, 9, 9)),
        (100, TilePosition(1, 0, 0)),
        (257, TilePosition(2, 7, 5)),
    ],
)
def test_thumbnails_fill_sheets_row_major(index: int, position: TilePosition) -> None:
    assert TrickplayGeometry(320, 180, 300).position(index) == position


@pytest.mark.parametrize(
    ("count", "sheets", "last"), [(1, 1, 1), (100, 1, 100), (101, 2, 1), (720, 8, 20)]
)
def test_sheet_count_and_last_sheet(count: int, sheets: int, last: int) -> None:
    geometry = TrickplayGeometry(320, 180, count)
    assert geometry.sheet_count == sheets
    assert geometry.tiles_on_sheet(sheets - 1) == last
    assert geometry.sheet_size == (3200, 1800)


def test_other_grids() -> None:
    geometry = TrickplayGeometry(240, 136, 50, TileGrid(4, 3))
    assert geometry.sheet_count == 5
    assert geometry.position(13) == TilePosition(1, 1, 0)
    assert geometry.sheet_size == (960, 408)
    assert geometry.folder_name == "240 - 4x3"


def test_position_outside_the_count_is_an_error() -> None:
    with pytest.raises(IndexError):
        TrickplayGeometry(320, 180, 10).position(10)


def test_folder_names_round_trip() -> None:
    assert trickplay_folder_name(320) == "320 - 10x10"
    assert parse_trickplay_folder_name("320 - 10x10") == (320, TileGrid())
    assert parse_trickplay_folder_name("480 - 8x6") == (480, TileGrid(8, 6))
    for bad in ("320-10x10", ".320 - 10x10.staging-ab12", "0 - 10x10", "320 - 0x10"):
        assert parse_trickplay_folder_name(bad) is None


@pytest.mark.parametrize(
    ("display", "width", "size"),
    [
        ((1920, 1080), 320, (320, 180)),
        ((1920, 800), 320, (320, 134)),  # 2.4:1, height rounded to even
        ((1440, 1080), 320, (320, 240)),
        ((1050, 576), 320, (320, 176)),  # PAL 16:9 anamorphic, display width applied
        ((3840, 2160), 640, (640, 360)),
        ((100, 10000), 320, (320, 32000)),
    ],
)
def test_thumbnail_size_keeps_display_aspect(
    display: tuple[int, int], width: int, size: tuple[int, int]
) -> None:
    assert thumbnail_size(*display, width) == size


def test_jpeg_size_reads_the_frame_header() -> None:
    sof = b"\xff\xc0\x00\x11\x08" + (180).to_bytes(2, "big") + (320).to_bytes(2, "big") + bytes(10)
    app0 = b"\xff\xe0\x00\x10" + bytes(14)
    assert jpeg_size(b"\xff\xd8" + app0 + sof) == (320, 180)
    with pytest.raises(ValueError, match="not a JPEG"):
        jpeg_size(b"GIF89a")
    with pytest.raises(ValueError, match="no frame header"):
        jpeg_size(b"\xff\xd8\xff\xda\x00\x02")

"""Read-only access to generated previews for the browser's viewer (admins).

``GET /api/previews/viewer?path=`` describes a BIF file or a Jellyfin trickplay folder;
``GET /api/previews/viewer/frame?path=&index=`` returns one JPEG: the BIF's image ``index``,
or for trickplay the sheet that holds thumbnail ``index`` (the browser crops the tile with
the geometry the description gives). Only ``*.bif`` regular files and the numbered sheets
of ``W - CxR`` folders are ever read; anything else is refused with 400, and symbolic links
are resolved first so that a link cannot lead the viewer to another file.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from tendarr.api.deps import AdminCaller
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews.bif import (
    END_TIMESTAMP,
    HEADER_SIZE,
    BifError,
    decode_bif,
    read_bif_header,
)
from tendarr.domain.previews.jpeg import is_jpeg, jpeg_size
from tendarr.domain.previews.trickplay import TileGrid, parse_trickplay_folder_name

router = APIRouter(tags=["previews"])

DEFAULT_TRICKPLAY_INTERVAL_MS = 10_000  # Jellyfin keeps the interval in its database
_ENTRY = struct.Struct("<II")
_JPEG_HEADERS = {"Cache-Control": "private, max-age=60", "X-Content-Type-Options": "nosniff"}

PathQuery = Annotated[str, Query(min_length=1, max_length=4096, description="Absolute path")]


def _resolve(raw: str) -> Path:
    path = Path(raw)
    if not path.is_absolute():
        raise ValidationFailed("give an absolute path")
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError) as err:
        raise ValidationFailed(f"not found: {raw}") from err


def _bif_file(path: Path) -> Path:
    if path.suffix.lower() != ".bif" or not path.is_file():
        raise ValidationFailed("the viewer reads .bif files and trickplay folders only")
    return path


def _width_folder(path: Path, width: int | None) -> tuple[Path, int, TileGrid]:
    """Return the ``W - CxR`` folder to show: ``path`` itself or one inside ``*.trickplay``."""
    parsed = parse_trickplay_folder_name(path.name)
    if parsed is not None and path.parent.name.endswith(".trickplay"):
        return path, parsed[0], parsed[1]
    if not path.name.endswith(".trickplay"):
        raise ValidationFailed("the viewer reads .bif files and trickplay folders only")
    found = sorted(
        (parsed[0], child, parsed[1])
        for child in path.iterdir()
        if child.is_dir() and (parsed := parse_trickplay_folder_name(child.name)) is not None
    )
    if not found:
        raise ValidationFailed(f"{path} holds no trickplay width folders ('320 - 10x10')")
    chosen = next((f for f in found if f[0] == width), found[-1])
    return chosen[1], chosen[0], chosen[2]


def _sheets(folder: Path) -> list[Path]:
    sheets = sorted(
        (p for p in folder.glob("*.jpg") if p.stem.isdigit() and _plain_file(p)),
        key=lambda p: int(p.stem),
    )
    if not sheets or [int(p.stem) for p in sheets] != list(range(len(sheets))):
        raise ValidationFailed(f"{folder} has no sheets numbered 0.jpg, 1.jpg, … without gaps")
    return sheets


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _describe_bif(path: Path) -> dict[str, Any]:
    try:
        bif = decode_bif(path.read_bytes())
    except OSError as err:
        raise ValidationFailed(f"cannot read {path}: {err.strerror}") from err
    except BifError as err:
        raise ValidationFailed(f"{path} is not a valid BIF: {err}") from err
    width = height = None
    if bif.frames:
        try:
            width, height = jpeg_size(bif.frames[0])
        except ValueError:
            width = height = None
    return {
        "kind": "bif",
        "path": str(path),
        "count": bif.count,
        "interval_ms": bif.interval_ms,
        "times_ms": list(bif.times_ms()),
        "width": width,
        "height": height,
    }


def _describe_trickplay(path: Path, width: int | None, interval_ms: int) -> dict[str, Any]:
    folder, tile_width, grid = _width_folder(path, width)
    sheets = _sheets(folder)
    try:
        sheet_w, sheet_h = jpeg_size(sheets[0].read_bytes())
    except (OSError, ValueError) as err:
        raise ValidationFailed(f"{sheets[0]} is not a readable JPEG: {err}") from err
    root = folder.parent
    widths = sorted(w for c in root.iterdir() if (w := _folder_width(c)) is not None)
    # Unused cells of the last sheet are black: the exact count needs decoding, so this is
    # the most the sheets can hold.
    return {
        "kind": "trickplay",
        "path": str(folder),
        "root": str(root),
        "count": len(sheets) * grid.per_sheet,
        "count_exact": False,
        "interval_ms": interval_ms,
        "width": sheet_w // grid.columns,
        "height": sheet_h // grid.rows,
        "tile_width": tile_width,
        "columns": grid.columns,
        "rows": grid.rows,
        "sheets": len(sheets),
        "sheet_width": sheet_w,
        "sheet_height": sheet_h,
        "widths": widths,
    }


def _folder_width(child: Path) -> int | None:
    parsed = parse_trickplay_folder_name(child.name)
    return parsed[0] if parsed is not None and child.is_dir() else None


def _bif_frame(path: Path, index: int) -> bytes:
    """Read image ``index`` without loading the whole BIF (header, index, one JPEG)."""
    try:
        with path.open("rb") as handle:
            _, count, _ = read_bif_header(handle.read(HEADER_SIZE))
            if not 0 <= index < count:
                raise ValidationFailed(f"frame {index} is outside 0..{count - 1}")
            handle.seek(HEADER_SIZE + _ENTRY.size * index)
            entries = handle.read(_ENTRY.size * 2)
            if len(entries) < _ENTRY.size * 2:
                raise BifError("index runs past the end of the file")
            _, start = _ENTRY.unpack_from(entries, 0)
            stamp, stop = _ENTRY.unpack_from(entries, _ENTRY.size)
            if index == count - 1 and stamp != END_TIMESTAMP:
                raise BifError("missing end-of-index entry (0xFFFFFFFF)")
            if stop < start or start < HEADER_SIZE:
                raise BifError("image offsets are not in ascending order")
            handle.seek(start)
            data = handle.read(stop - start)
    except OSError as err:
        raise ValidationFailed(f"cannot read {path}: {err.strerror}") from err
    except BifError as err:
        raise ValidationFailed(f"{path} is not a valid BIF: {err}") from err
    if len(data) != stop - start or not is_jpeg(data):
        raise ValidationFailed(f"image {index} of {path} is not a JPEG (truncated file?)")
    return data


@router.get("/api/previews/viewer", summary="Describe a BIF file or a trickplay folder")
def describe(
    caller: AdminCaller,
    path: PathQuery,
    width: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    interval_ms: Annotated[int, Query(ge=100, le=600_000)] = DEFAULT_TRICKPLAY_INTERVAL_MS,
) -> dict[str, Any]:
    """Return kind, thumbnail count, interval and size (plus tile geometry for trickplay).

    ``width`` picks a width folder of a ``*.trickplay`` folder (default: the widest);
    ``interval_ms`` is the trickplay interval, which the tiles do not record.
    """
    resolved = _resolve(path)
    if resolved.is_dir():
        return _describe_trickplay(resolved, width, interval_ms)
    return _describe_bif(_bif_file(resolved))


@router.get(
    "/api/previews/viewer/frame",
    summary="One preview image",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}},
)
def frame(caller: AdminCaller, path: PathQuery, index: Annotated[int, Query(ge=0)] = 0) -> Response:
    """Return BIF image ``index``, or the trickplay sheet holding thumbnail ``index``."""
    resolved = _resolve(path)
    if not resolved.is_dir():
        return Response(_bif_frame(_bif_file(resolved), index), media_type="image/jpeg",
                        headers=_JPEG_HEADERS)  # fmt: skip
    parsed = parse_trickplay_folder_name(resolved.name)
    if parsed is None or not resolved.parent.name.endswith(".trickplay"):
        raise ValidationFailed("give a width folder such as 'Movie.trickplay/320 - 10x10'")
    sheets = _sheets(resolved)
    sheet = index // parsed[1].per_sheet
    if sheet >= len(sheets):
        raise ValidationFailed(f"thumbnail {index} is past the last sheet")
    try:
        data = sheets[sheet].read_bytes()
    except OSError as err:
        raise ValidationFailed(f"cannot read {sheets[sheet]}: {err.strerror}") from err
    return Response(data, media_type="image/jpeg", headers=_JPEG_HEADERS)

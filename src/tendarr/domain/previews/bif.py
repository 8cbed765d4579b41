"""Roku BIF ("Base Index Frames"), the preview container Plex and Emby read.

Layout (all integers little-endian uint32): magic ``89 42 49 46 0D 0A 1A 0A``, version,
image count N, frame separation in ms, 44 reserved zero bytes (header ends at 0x40), then
N index entries ``(timestamp, absolute offset)``, an end entry ``(0xFFFFFFFF, end of
data)``, then the JPEGs in index order. The real time of image *i* is ``timestamp x
separation`` ms (separation 0 means 1000). Tendarr writes timestamp = index and separation
= the interval, as the Roku spec and the reference generator do.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Sequence
from dataclasses import dataclass

BIF_MAGIC = b"\x89BIF\r\n\x1a\n"
HEADER_SIZE = 0x40
END_TIMESTAMP = 0xFFFFFFFF
_U32_MAX = 0xFFFFFFFF
_ENTRY = struct.Struct("<II")
_HEAD = struct.Struct("<8sIII")


class BifError(ValueError):
    """Bytes that are not a valid BIF, or frames that cannot be packed into one."""


@dataclass(frozen=True)
class BifFile:
    """A decoded BIF: its header fields, per-image timestamps and the JPEG bytes."""

    version: int
    separation_ms: int
    timestamps: tuple[int, ...]
    frames: tuple[bytes, ...]

    @property
    def count(self) -> int:
        """Return the number of images."""
        return len(self.frames)

    @property
    def interval_ms(self) -> int:
        """Return the effective frame separation in ms (0 in the header means 1000)."""
        return self.separation_ms or 1000

    def times_ms(self) -> tuple[int, ...]:
        """Return each image's time in ms, computed from its timestamp and the separation."""
        return tuple(stamp * self.interval_ms for stamp in self.timestamps)


def encode_bif(frames: Sequence[bytes], interval_ms: int) -> bytes:
    """Pack JPEG frames taken every ``interval_ms`` into BIF bytes."""
    if not 0 < interval_ms <= _U32_MAX:
        raise BifError(f"frame separation {interval_ms} ms is out of range")
    count = len(frames)
    data_start = HEADER_SIZE + _ENTRY.size * (count + 1)
    end = data_start + sum(len(frame) for frame in frames)
    if end > _U32_MAX:
        raise BifError("frames too large for a BIF (offsets are 32-bit)")
    parts = [_HEAD.pack(BIF_MAGIC, 0, count, interval_ms), bytes(HEADER_SIZE - _HEAD.size)]
    offset = data_start
    for index, frame in enumerate(frames):
        parts.append(_ENTRY.pack(index, offset))
        offset += len(frame)
    parts.append(_ENTRY.pack(END_TIMESTAMP, offset))
    parts.extend(frames)
    return b"".join(parts)


def read_bif_header(data: bytes) -> tuple[int, int, int]:
    """Return ``(version, count, separation_ms)`` after checking the magic."""
    if len(data) < HEADER_SIZE:
        raise BifError(f"{len(data)} bytes is shorter than a BIF header")
    magic, version, count, separation = _HEAD.unpack_from(data)
    if magic != BIF_MAGIC:
        raise BifError("not a BIF file (bad magic)")
    return version, count, separation


def decode_bif(data: bytes) -> BifFile:
    """Parse BIF bytes; require the end entry and offsets that stay inside the data."""
    version, count, separation = read_bif_header(data)
    index_end = HEADER_SIZE + _ENTRY.size * (count + 1)
    if index_end > len(data):
        raise BifError(f"index of {count} images runs past the end of the file")
    entries = [_ENTRY.unpack_from(data, HEADER_SIZE + _ENTRY.size * i) for i in range(count + 1)]
    end_stamp, end_offset = entries[-1]
    if end_stamp != END_TIMESTAMP:
        raise BifError("missing end-of-index entry (0xFFFFFFFF)")
    offsets = [offset for _, offset in entries]
    if offsets[0] < index_end or end_offset > len(data):
        raise BifError("image offsets point outside the image data")
    if any(later < earlier for earlier, later in itertools.pairwise(offsets)):
        raise BifError("image offsets are not in ascending order")
    frames = tuple(data[start:stop] for start, stop in itertools.pairwise(offsets))
    stamps = tuple(stamp for stamp, _ in entries[:-1])
    return BifFile(version, separation, stamps, frames)

"""Just enough JPEG parsing to check an image and read its size without decoding it."""

from __future__ import annotations

_SOI = b"\xff\xd8"
# Start-of-frame markers (baseline, extended, progressive, lossless…); not DHT/JPG/DAC.
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def is_jpeg(data: bytes) -> bool:
    """Return whether ``data`` starts like a JPEG (SOI marker)."""
    return data[:2] == _SOI


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Return ``(width, height)`` from the first start-of-frame segment.

    Raises ValueError for bytes that are not a JPEG or carry no frame header.
    """
    if not is_jpeg(data):
        raise ValueError("not a JPEG (no SOI marker)")
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ValueError(f"JPEG marker expected at byte {position}")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker in _SOF:
            if position + 9 > len(data):
                break
            height = int.from_bytes(data[position + 5 : position + 7], "big")
            width = int.from_bytes(data[position + 7 : position + 9], "big")
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            break
        position += 2 + length
    raise ValueError("JPEG has no frame header")

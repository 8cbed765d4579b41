"""BIF encode/decode against the byte layout in the field notes."""

from __future__ import annotations

import struct

import pytest

from tendarr.domain.previews.bif import BifError, decode_bif, encode_bif, read_bif_header

FRAMES = (b"\xff\xd8A", b"\xff\xd8B", b"\xff\xd8C")


def golden_bytes() -> bytes:
    """The upstream reference.bif: 3 frames of 3 bytes, separation 5000 ms, 105 bytes."""
    header = b"\x89BIF\r\n\x1a\n" + struct.pack("<III", 0, 3, 5000) + bytes(44)
    index = struct.pack("<8I", 0, 0x60, 1, 0x63, 2, 0x66, 0xFFFFFFFF, 0x69)
    return header + index + b"".join(FRAMES)


def test_encode_matches_the_reference_layout_byte_for_byte() -> None:
    data = encode_bif(FRAMES, 5000)
    assert len(data) == 105
    assert data == golden_bytes()
    assert data[0x40:0x48] == struct.pack("<II", 0, 0x60)  # data starts at 64 + 8 x (3 + 1)


def test_round_trip_keeps_frames_timestamps_and_interval() -> None:
    frames = [bytes([0xFF, 0xD8, n]) * (n + 1) for n in range(50)]
    bif = decode_bif(encode_bif(frames, 10_000))
    assert bif.frames == tuple(frames)
    assert bif.timestamps == tuple(range(50))
    assert bif.separation_ms == 10_000
    assert bif.times_ms()[:3] == (0, 10_000, 20_000)
    assert read_bif_header(encode_bif(frames, 10_000)) == (0, 50, 10_000)


def test_empty_bif_has_only_header_and_end_entry() -> None:
    data = encode_bif([], 10_000)
    assert len(data) == 72
    assert decode_bif(data).count == 0


def test_separation_zero_means_one_second() -> None:
    data = bytearray(golden_bytes())
    data[0x10:0x14] = bytes(4)
    assert decode_bif(bytes(data)).times_ms() == (0, 1000, 2000)


def test_time_comes_from_timestamp_and_separation_not_the_index() -> None:
    data = bytearray(golden_bytes())
    struct.pack_into("<I", data, 0x10, 1000)  # separation 1000 ms
    struct.pack_into("<I", data, 0x48, 2)  # strided timestamps 0, 2, 4 (as Plex is said to)
    struct.pack_into("<I", data, 0x50, 4)
    assert decode_bif(bytes(data)).times_ms() == (0, 2000, 4000)


def _corrupt(offset: int, value: bytes) -> bytes:
    data = bytearray(golden_bytes())
    data[offset : offset + len(value)] = value
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89BIF", "shorter than a BIF header"),
        (_corrupt(0, b"NOTABIF!"), "bad magic"),
        (_corrupt(0x0C, struct.pack("<I", 1000)), "runs past the end"),
        (_corrupt(0x58, struct.pack("<I", 7)), "missing end-of-index"),
        (_corrupt(0x5C, struct.pack("<I", 500)), "outside the image data"),
        (_corrupt(0x44, struct.pack("<I", 0x64)), "not in ascending order"),
        (golden_bytes()[:100], "outside the image data"),
    ],
)
def test_invalid_bytes_are_rejected_with_the_reason(data: bytes, message: str) -> None:
    with pytest.raises(BifError, match=message):
        decode_bif(data)


def test_interval_must_fit_the_header() -> None:
    with pytest.raises(BifError):
        encode_bif(FRAMES, 0)

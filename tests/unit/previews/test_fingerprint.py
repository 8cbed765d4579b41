"""Freshness fingerprints and request validation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews.fingerprint import SourceStamp, preview_fingerprint
from tendarr.domain.previews.plans import (
    BifTarget,
    FrameVariant,
    PreviewRequest,
    TrickplayTarget,
    sidecar_bif_name,
    trickplay_directory,
)
from tendarr.domain.previews.settings import PreviewSettings, TonemapAlgorithm
from tendarr.domain.previews.trickplay import TileGrid

STAMP = SourceStamp(size=1_000_000, mtime_ns=1_700_000_000_000_000_000)


def request(
    settings: PreviewSettings | None = None,
    bif_width: int = 320,
    sheet_width: int = 320,
    grid: TileGrid | None = None,
    root: Path = Path("/out"),
) -> PreviewRequest:
    return PreviewRequest(
        Path("/media/Movie.mkv"),
        settings or PreviewSettings(),
        (BifTarget(root / "Movie-320-10.bif", bif_width),),
        (
            TrickplayTarget(
                root / "Movie.trickplay" / "320 - 10x10", sheet_width, grid or TileGrid()
            ),
        ),
    )


BASE = preview_fingerprint(STAMP, request())


def test_same_source_and_settings_give_the_same_fingerprint() -> None:
    assert preview_fingerprint(STAMP, request()) == BASE
    assert BASE.startswith("v1-")


def test_output_location_is_not_part_of_freshness() -> None:
    assert preview_fingerprint(STAMP, request(root=Path("/elsewhere"))) == BASE


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param((replace(STAMP, size=STAMP.size + 1), request()), id="size"),
        pytest.param((replace(STAMP, mtime_ns=STAMP.mtime_ns + 1), request()), id="mtime"),
        pytest.param((STAMP, request(PreviewSettings(interval_s=5))), id="interval"),
        pytest.param((STAMP, request(PreviewSettings(quality=2))), id="quality"),
        pytest.param((STAMP, request(PreviewSettings(max_drift_s=1.0))), id="drift"),
        pytest.param(
            (STAMP, request(PreviewSettings(tonemap=TonemapAlgorithm.MOBIUS))), id="tonemap"
        ),
        pytest.param((STAMP, request(bif_width=240)), id="bif width"),
        pytest.param((STAMP, request(sheet_width=480)), id="sheet width"),
        pytest.param((STAMP, request(grid=TileGrid(5, 5))), id="grid"),
    ],
)
def test_any_change_makes_the_preview_stale(changed: tuple[SourceStamp, PreviewRequest]) -> None:
    stamp, changed_request = changed
    assert preview_fingerprint(stamp, changed_request) != BASE


@pytest.mark.parametrize(
    "kwargs",
    [{"interval_s": 0}, {"interval_s": 61}, {"quality": 0}, {"quality": 32}, {"max_drift_s": -1}],
)
def test_settings_out_of_range_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValidationFailed):
        PreviewSettings(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", [0, 15, 321, 4000])
def test_widths_must_be_even_and_sane(width: int) -> None:
    with pytest.raises(ValidationFailed, match="width"):
        request(bif_width=width)


def test_variants_share_frames_per_width_and_quality() -> None:
    both = request(PreviewSettings(quality=5), bif_width=320, sheet_width=320)
    assert both.variants() == (FrameVariant(320, 2), FrameVariant(320, 5))
    assert both.bif_variant(both.bifs[0]) == FrameVariant(320, 5)
    assert both.sheet_variant(both.trickplay[0]) == FrameVariant(320, 2)
    wide_first = request(bif_width=240, sheet_width=480).variants()
    assert [variant.width for variant in wide_first] == [480, 240]


def test_sidecar_and_trickplay_names() -> None:
    assert sidecar_bif_name("Movie (2010)", 320, 10) == "Movie (2010)-320-10.bif"
    assert trickplay_directory(Path("/m"), "Movie (2010)", 320) == Path(
        "/m/Movie (2010).trickplay/320 - 10x10"
    )

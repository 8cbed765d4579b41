"""Quiet hours (also across midnight), exclusion rules and the previews settings section."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from tendarr.app_settings import AppSettings, PreviewsSettings, seed_from_environment
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews.exclusions import Exclusions
from tendarr.domain.previews.quiet_hours import QuietHours, parse_hhmm


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_window_within_one_day() -> None:
    quiet = QuietHours(parse_hhmm("09:00"), parse_hhmm("17:30"))
    assert quiet.active(local("2026-01-01T09:00"))
    assert quiet.active(local("2026-01-01T17:29"))
    assert not quiet.active(local("2026-01-01T17:30"))
    assert not quiet.active(local("2026-01-01T08:59"))
    assert quiet.ends_after(local("2026-01-01T10:00")) == local("2026-01-01T17:30")


def test_window_across_midnight() -> None:
    quiet = QuietHours.from_settings("22:00", "06:30")
    assert quiet is not None
    assert quiet.active(local("2026-01-01T23:59"))
    assert quiet.active(local("2026-01-02T00:00"))
    assert quiet.active(local("2026-01-02T06:29"))
    assert not quiet.active(local("2026-01-02T06:30"))
    assert not quiet.active(local("2026-01-01T21:59"))
    assert quiet.ends_after(local("2026-01-01T23:00")) == local("2026-01-02T06:30")
    assert quiet.ends_after(local("2026-01-02T01:00")) == local("2026-01-02T06:30")


def test_empty_or_equal_ends_mean_no_quiet_hours() -> None:
    assert QuietHours.from_settings("", "") is None
    assert QuietHours.from_settings("03:00", "03:00") is None
    with pytest.raises(ValidationFailed):
        parse_hhmm("24:00")


def test_exclusions_match_whole_segments_and_regexes() -> None:
    rules = Exclusions.build(["/media/archive/"], [r"\.iso$", "(?i)sample"])
    assert rules.reason("/media/archive/old.mkv") == "excluded by path prefix /media/archive"
    assert rules.reason("/media/archive") is not None
    assert rules.reason("/media/archived/new.mkv") is None
    assert rules.reason("/media/film/disc.iso") == r"excluded by pattern \.iso$"
    assert rules.reason("/media/film/Film-SAMPLE.mkv") is not None
    assert rules.reason("/media/film/film.mkv") is None
    with pytest.raises(ValidationFailed, match="exclusion regex"):
        Exclusions.build([], ["("])


def test_previews_settings_defaults_and_checks() -> None:
    settings = AppSettings().previews
    assert (settings.interval_seconds, settings.bif_width, settings.quality) == (10, 320, 4)
    assert settings.webhook_debounce_seconds == 60
    assert settings.workers() == 1
    assert settings.quiet_hours() is None
    with pytest.raises(ValidationError, match="even number"):
        PreviewsSettings(bif_width=321)
    with pytest.raises(ValidationError, match="HH:MM"):
        PreviewsSettings(quiet_hours_start="7pm", quiet_hours_end="07:00")
    with pytest.raises(ValidationError, match="both"):
        PreviewsSettings(quiet_hours_start="22:00")
    with pytest.raises(ValidationError, match="at least one CPU or GPU worker"):
        PreviewsSettings(cpu_workers=0)
    with pytest.raises(ValidationError, match="exclusion regex"):
        PreviewsSettings(exclude_patterns=["[unclosed"])


def test_gpu_workers_add_to_the_file_concurrency() -> None:
    settings = PreviewsSettings.model_validate(
        {
            "cpu_workers": 0,
            "gpu_config": [
                {"device": "/dev/dri/renderD128", "type": "intel", "workers": 2},
                {"device": "cuda:0", "type": "nvidia", "workers": 3, "enabled": False},
            ],
        }
    )
    assert settings.workers() == 2


def test_previews_section_seeds_from_the_environment() -> None:
    seeded = seed_from_environment(
        {"TENDARR_PREVIEWS__INTERVAL_SECONDS": "5", "TENDARR_PREVIEWS__QUIET_HOURS_START": "01:00",
         "TENDARR_PREVIEWS__QUIET_HOURS_END": "05:00"}
    )  # fmt: skip
    assert seeded.previews.interval_seconds == 5
    assert seeded.previews.engine_settings().interval_s == 5
    assert seeded.previews.quiet_hours() is not None


def test_every_previews_setting_is_documented() -> None:
    documented = (Path(__file__).parents[3] / "docs" / "configuration.md").read_text()
    for name in PreviewsSettings.model_fields:
        assert f"`previews.{name}" in documented, name

"""VIPER settings: the documented defaults, validation, explicit zeros."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.viper.config import ViperConfig

DOCS = Path(__file__).resolve().parents[3] / "docs" / "viper.md"


def test_defaults_are_the_issues() -> None:
    config = ViperConfig()

    assert (config.days_buffer, config.max_episodes_ahead) == (10, 20)
    assert (config.unknown_velocity_buffer, config.min_velocity_samples) == (10, 3)
    assert (config.active_viewer_days, config.padding_episodes) == (30, 3)


def test_mapping_round_trips_and_overrides() -> None:
    config = ViperConfig.from_mapping({"days_buffer": 14, "episodes_behind": 1})

    assert ViperConfig.from_mapping(config.to_mapping()) == config
    assert (config.days_buffer, config.episodes_behind, config.max_episodes_ahead) == (14, 1, 20)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"max_ahead": 3}, "unknown VIPER setting"),
        ({"padding_episodes": True}, "must be a number"),
        ({"padding_episodes": 2.5}, "whole number"),
        ({"days_buffer": "10"}, "must be a number"),
        ({"days_buffer": math.nan}, "finite"),
        ({"days_buffer": -1}, "negative"),
        ({"max_episodes_ahead": 2}, "at least padding_episodes"),
        ({"min_velocity_samples": 0}, "greater than zero"),
        ({"active_viewer_days": 0}, "greater than zero"),
        ({"velocity_sittings": 1}, "at least 2"),
        ({"sitting_gap_hours": 30}, "at most 24"),
        ({"min_velocity_per_day": 0}, "0 < min_velocity_per_day"),
        ({"unknown_velocity_per_day": 50}, "between the min and max"),
    ],
)
def test_bad_settings_are_refused(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        ViperConfig.from_mapping(values)


def test_every_setting_and_its_default_is_documented() -> None:
    text = DOCS.read_text()
    for name, default in ViperConfig().to_mapping().items():
        row = re.search(rf"^\| `{name}` \| ([^|]+) \|", text, re.MULTILINE)
        assert row is not None, f"{name} is not in docs/viper.md's settings table"
        assert float(row.group(1).strip()) == default, f"{name}: docs say {row.group(1)}"

"""The continuous episode order: ordinals across seasons, specials out, no collisions."""

from __future__ import annotations

import pytest

from tendarr.domain.viper.order import DuplicateEpisode, EpisodeKey, EpisodeOrder
from tests.unit.viper.builders import BREAKING_BAD, keys


def test_ordinals_run_across_season_boundaries() -> None:
    order = EpisodeOrder(keys(BREAKING_BAD))

    assert len(order) == 62
    assert order.ordinal(EpisodeKey(1, 7)) == 7
    assert order.ordinal(EpisodeKey(2, 1)) == 8
    assert order.ordinal(EpisodeKey(2, 5)) == 12
    assert order.ordinal(EpisodeKey(5, 16)) == 62
    assert order.distance(EpisodeKey(1, 7), EpisodeKey(2, 1)) == 1
    assert order.key(21) == EpisodeKey(3, 1)


def test_specials_are_outside_the_order() -> None:
    order = EpisodeOrder([EpisodeKey(0, 1), EpisodeKey(1, 1), EpisodeKey(0, 2), EpisodeKey(1, 2)])

    assert order.keys == (EpisodeKey(1, 1), EpisodeKey(1, 2))
    assert order.specials == (EpisodeKey(0, 1), EpisodeKey(0, 2))
    assert order.ordinal(EpisodeKey(0, 1)) is None
    assert order.ordinal(EpisodeKey(1, 2)) == 2


def test_order_sorts_by_season_then_episode_whatever_the_listing_order() -> None:
    listed = [EpisodeKey(2, 2), EpisodeKey(1, 10), EpisodeKey(2, 1), EpisodeKey(1, 9)]

    assert EpisodeOrder(listed).keys == tuple(sorted(listed))


def test_seasons_of_a_hundred_or_more_episodes_do_not_collide() -> None:
    order = EpisodeOrder(keys([150, 3]))

    assert order.ordinal(EpisodeKey(1, 101)) == 101
    assert order.ordinal(EpisodeKey(2, 1)) == 151
    assert order.distance(EpisodeKey(1, 150), EpisodeKey(2, 1)) == 1


def test_gaps_in_numbering_count_only_listed_episodes() -> None:
    order = EpisodeOrder([EpisodeKey(1, 1), EpisodeKey(1, 5), EpisodeKey(3, 1)])

    assert order.distance(EpisodeKey(1, 1), EpisodeKey(3, 1)) == 2


def test_a_duplicate_episode_is_refused() -> None:
    with pytest.raises(DuplicateEpisode, match="S01E02"):
        EpisodeOrder([EpisodeKey(1, 1), EpisodeKey(1, 2), EpisodeKey(1, 2)])


def test_negative_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        EpisodeOrder([EpisodeKey(1, -1)])


@pytest.mark.parametrize("ordinal", [0, 3, -1])
def test_key_outside_the_order_raises(ordinal: int) -> None:
    with pytest.raises(IndexError):
        EpisodeOrder(keys([2])).key(ordinal)


def test_distance_to_an_unlisted_episode_raises() -> None:
    with pytest.raises(KeyError):
        EpisodeOrder(keys([2])).distance(EpisodeKey(1, 1), EpisodeKey(0, 1))


def test_label_is_zero_padded() -> None:
    assert EpisodeKey(1, 3).label == "S01E03"
    assert EpisodeKey(12, 104).label == "S12E104"

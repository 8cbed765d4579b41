from collections.abc import Iterator

import pytest

from tendarr.services.prefetch import prefetched


def test_items_arrive_in_order() -> None:
    assert list(prefetched(iter(range(50)), depth=3)) == list(range(50))


def test_a_failure_in_the_source_is_raised_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise ConnectionError("server went away")

    items = prefetched(source())
    assert [next(items), next(items)] == [1, 2]
    with pytest.raises(ConnectionError, match="server went away"):
        next(items)


def test_stopping_early_stops_the_reader() -> None:
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for n in range(1000):
            pulled.append(n)
            yield n

    for item in prefetched(source(), depth=2):
        if item == 3:
            break
    assert len(pulled) < 10

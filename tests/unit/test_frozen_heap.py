import gc
import weakref

import pytest

from tendarr.services.frozen_heap import frozen_heap


def test_the_heap_is_frozen_during_a_batch_and_given_back_after() -> None:
    held = [object()]
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    assert held


def test_overlapping_batches_keep_the_freeze_until_the_last_one_ends() -> None:
    first, second = frozen_heap(), frozen_heap()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_freeze_count() > 0
    second.__exit__(None, None, None)
    assert gc.get_freeze_count() == 0


def test_a_failing_batch_still_gives_the_heap_back() -> None:
    with pytest.raises(RuntimeError, match="server went away"), frozen_heap():
        raise RuntimeError("server went away")
    assert gc.get_freeze_count() == 0


def test_a_frozen_cycle_dropped_during_a_batch_is_collected_afterwards() -> None:
    class Node:
        partner: object = None

    a, b = Node(), Node()
    a.partner, b.partner = b, a
    alive = weakref.ref(a)
    with frozen_heap():
        del a, b
        gc.collect()
        assert alive() is not None  # frozen: the collector leaves it alone for now
    gc.collect()
    assert alive() is None

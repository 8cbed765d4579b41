import pytest

from tendarr.domain.jobs import (
    JobPriority,
    JobState,
    retry_delay,
    should_retry,
)


@pytest.mark.parametrize(("attempt", "expected"), [(1, 30.0), (2, 60.0), (3, 120.0), (10, 3600.0)])
def test_retry_delay_doubles_from_base_and_is_capped(attempt: int, expected: float) -> None:
    assert retry_delay(attempt, 30.0) == expected


def test_retry_delay_rejects_attempt_zero() -> None:
    with pytest.raises(ValueError, match="1-based"):
        retry_delay(0, 30.0)


def test_job_is_retried_until_attempts_run_out() -> None:
    assert should_retry(1, 3)
    assert should_retry(2, 3)
    assert not should_retry(3, 3)


def test_high_priority_ranks_first_in_the_transport() -> None:
    ranks = [p.queue_rank for p in (JobPriority.HIGH, JobPriority.NORMAL, JobPriority.LOW)]
    assert ranks == sorted(ranks, reverse=True)


def test_terminal_states() -> None:
    assert {s for s in JobState if s.is_terminal} == {
        JobState.SUCCEEDED,
        JobState.FAILED,
        JobState.CANCELLED,
    }

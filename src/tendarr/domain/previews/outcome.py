"""The result of generating one file's previews, as a caller records and shows it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class OutcomeStatus(enum.StrEnum):
    """What happened to one file."""

    GENERATED = "generated"
    FRESH = "fresh"  # the stored fingerprint still matches and the outputs exist
    FAILED = "failed"


@dataclass(frozen=True)
class PreviewOutcome:
    """One file's outcome: status, fingerprint to store, and why when it failed."""

    source: Path
    status: OutcomeStatus
    fingerprint: str | None = None
    reason: str | None = None  # set when failed
    thumbnails: int = 0
    decoder: str = "cpu"  # "cpu" or a GPU label such as "cuda:0"
    warnings: tuple[str, ...] = ()  # e.g. a GPU failure that was retried on the CPU
    seconds: float = 0.0
    max_drift_s: float | None = None  # the largest planned drift of a keyframe thumbnail

    @property
    def ok(self) -> bool:
        """Return whether the previews are in place (generated now or already fresh)."""
        return self.status is not OutcomeStatus.FAILED

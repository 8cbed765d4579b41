"""How long a redownload takes, per Sonarr instance, measured from its history.

VIPER searches an episode ``redownload_lead_days`` plus the download time before a viewer
needs it. The download time is the ``DOWNLOAD_PERCENTILE`` of the last
``DOWNLOAD_SAMPLES`` grab-to-import times in the instance's history (at most
``DOWNLOAD_WINDOW`` old): a high percentile, so that a slow download is still back in
time, and one odd download moves it little. With fewer than ``MIN_DOWNLOAD_SAMPLES``, or
when Sonarr cannot answer, the configured ``default_download_hours`` is used, and the
reason says why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.ports.arr_store import ArrFactory
from tendarr.ports.media_server import MediaServerError

DOWNLOAD_SAMPLES = 20  # the most recent downloads the estimate reads
MIN_DOWNLOAD_SAMPLES = 5  # fewer: the configured default is used
DOWNLOAD_PERCENTILE = 0.8  # nearest rank: a slow download is still back in time
DOWNLOAD_WINDOW = timedelta(days=90)  # older history measures nothing


@dataclass(frozen=True)
class DownloadTime:
    """A show's search-to-import time: measured (``measured`` set) or the default.

    ``samples`` is how many downloads were read; ``reason`` says where the value comes
    from, or why the default is used.
    """

    measured: timedelta | None
    samples: int
    reason: str

    def hours(self, default_hours: float) -> float:
        """Return the hours the engine plans with (``default_hours`` when not measured)."""
        if self.measured is None:
            return default_hours
        return self.measured / timedelta(hours=1)


def estimate(durations: Sequence[timedelta], instance: str) -> DownloadTime:
    """Return the percentile of ``durations`` (newest first), or the default with why."""
    recent = sorted(durations[:DOWNLOAD_SAMPLES])
    count = len(recent)
    if count < MIN_DOWNLOAD_SAMPLES:
        return DownloadTime(
            None,
            count,
            f"default: {instance} lists {count} completed download{'s' * (count != 1)} "
            f"in {DOWNLOAD_WINDOW.days} days, at least {MIN_DOWNLOAD_SAMPLES} needed",
        )
    rank = max(math.ceil(DOWNLOAD_PERCENTILE * count), 1)
    percent = round(DOWNLOAD_PERCENTILE * 100)
    return DownloadTime(
        recent[rank - 1],
        count,
        f"measured: {percent}th percentile of the last {count} downloads in {instance}",
    )


def default_because(reason: str) -> DownloadTime:
    """Return the default download time with the reason it is used."""
    return DownloadTime(None, 0, f"default: {reason}")


class DownloadTimes:
    """Reads each Sonarr's download time once, when a show first needs it."""

    def __init__(self, connect: ArrFactory, now: datetime) -> None:
        self._connect = connect
        self._now = now
        self._known: dict[str, DownloadTime] = {}

    def of(self, config: ArrInstanceConfig) -> DownloadTime:
        """Return the download time of one Sonarr instance (read once per build)."""
        known = self._known.get(config.id)
        if known is None:
            known = self._read(config)
            self._known[config.id] = known
        return known

    def _read(self, config: ArrInstanceConfig) -> DownloadTime:
        since = self._now - DOWNLOAD_WINDOW
        try:
            durations = self._connect.sonarr(config).download_durations(since, DOWNLOAD_SAMPLES)
        except MediaServerError as err:
            return default_because(f"{config.name} could not list its downloads: {err}")
        return estimate(durations, config.name)

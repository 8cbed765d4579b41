"""Sonarr's download times: grab-to-import durations read from the simulator's history."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tendarr.integrations.sonarr import history as sonarr_history
from tendarr.ports.media_server import ServerUnreachable
from tendarr.sim.faults import Fault
from tests.integration.arr.conftest import ArrRig

HOUR = timedelta(hours=1)
HISTORY = "/api/v3/history"


def _reset(rig: ArrRig) -> datetime:
    """Empty the simulator's history; return its clock."""
    rig.sonarr_app.sonarr.state.history.records = []
    return rig.world.now


def _download(
    rig: ArrRig, did: str, grabbed: datetime, imported: list[datetime], episode: int = 1
) -> None:
    """One grab and its imports (a season pack imports several episodes)."""
    history = rig.sonarr_app.sonarr.state.history
    history.add(episode, "grabbed", grabbed, f"Show.{did}", "WEBDL-1080p", did, {}, series_id=1)
    for n, at in enumerate(imported):
        history.add(episode + n, "downloadFolderImported", at, f"Show.{did}", "WEBDL-1080p",
                    did, {}, series_id=1)  # fmt: skip


def test_durations_pair_grabs_and_imports_newest_import_first(rig: ArrRig) -> None:
    now = _reset(rig)
    _download(rig, "A", now - 50 * HOUR, [now - 48 * HOUR])  # 2 h
    _download(rig, "B", now - 30 * HOUR, [now - 25 * HOUR, now - 20 * HOUR])  # pack: 10 h
    _download(rig, "C", now - 10 * HOUR, [now - 9 * HOUR])  # 1 h
    history = rig.sonarr_app.sonarr.state.history
    history.add(9, "downloadFolderImported", now - 5 * HOUR, "manual", "WEBDL-1080p", None, {},
                series_id=1)  # fmt: skip  # a manual import: no download id, nothing measured
    history.add(9, "downloadFolderImported", now - 4 * HOUR, "D", "WEBDL-1080p", "D", {},
                series_id=1)  # fmt: skip  # no grab in the history: nothing measured
    history.add(9, "downloadFailed", now - 3 * HOUR, "E", "WEBDL-1080p", "E", {}, series_id=1)

    durations = rig.sonarr().download_durations(now - 30 * 24 * HOUR, 20)

    assert durations == [1 * HOUR, 10 * HOUR, 2 * HOUR]
    assert rig.sonarr().download_durations(now - 30 * 24 * HOUR, 2) == [1 * HOUR, 10 * HOUR]
    # Downloads grabbed before the window measure nothing.
    assert rig.sonarr().download_durations(now - 40 * HOUR, 20) == [1 * HOUR, 10 * HOUR]


def test_every_page_is_read_when_grabs_lie_pages_behind_their_imports(
    rig: ArrRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = _reset(rig)
    for n in range(7):  # every grab is older than every import
        _download(rig, f"P{n}", now - (100 - n) * HOUR, [now - (19 - 2 * n) * HOUR])
    monkeypatch.setattr(sonarr_history, "HISTORY_PAGE_SIZE", 2)  # 7 pages of 2 rows

    durations = rig.sonarr().download_durations(now - 200 * HOUR, 20)

    assert durations == [(81 + n) * HOUR for n in reversed(range(7))]


def test_a_failed_page_raises_instead_of_a_partial_list(
    rig: ArrRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = _reset(rig)
    for n in range(4):
        _download(rig, f"F{n}", now - (50 - n) * HOUR, [now - (10 - n) * HOUR])
    monkeypatch.setattr(sonarr_history, "HISTORY_PAGE_SIZE", 2)
    fault = rig.sonarr_faults.add(Fault("fail_page", path=HISTORY, status=500, page=1))

    with pytest.raises(ServerUnreachable):
        rig.sonarr().download_durations(now - 100 * HOUR, 20)
    assert fault.fired == 1


def test_reading_stops_once_the_newest_downloads_are_known(
    rig: ArrRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = _reset(rig)
    for n in range(5):  # each grab right behind its import: two rows per download
        _download(rig, f"S{n}", now - (10 * n + 3) * HOUR, [now - 10 * n * HOUR])
    monkeypatch.setattr(sonarr_history, "HISTORY_PAGE_SIZE", 2)
    fault = rig.sonarr_faults.add(Fault("fail_page", path=HISTORY, status=500, page=2))

    assert rig.sonarr().download_durations(now - 100 * HOUR, 2) == [3 * HOUR, 3 * HOUR]
    assert fault.fired == 0  # the third page was never needed

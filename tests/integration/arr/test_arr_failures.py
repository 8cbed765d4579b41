"""How the Sonarr and Radarr adapters fail: typed errors, and never an empty list."""

from __future__ import annotations

import socket

import pytest

from tendarr.integrations.arr import adapter as arr_adapter
from tendarr.integrations.arr.client import ArrClient
from tendarr.integrations.sonarr.adapter import SonarrAdapter
from tendarr.ports.media_server import (
    ServerAuthFailed,
    ServerRateLimited,
    ServerResponseInvalid,
    ServerUnreachable,
)
from tendarr.sim.faults import Fault
from tests.integration.arr.conftest import ArrRig
from tests.integration.arr.world_view import managed_movies, managed_shows, sonarr_id

SERIES = "/api/v3/series"


def test_a_wrong_api_key_raises_auth_failed(rig: ArrRig) -> None:
    with pytest.raises(ServerAuthFailed) as sonarr:
        rig.sonarr(api_key="wrong").all_series()
    assert str(sonarr.value) == (
        "Sonarr rejected the API key (HTTP 401); check the API key in Sonarr's Settings → General"
    )
    with pytest.raises(ServerAuthFailed, match="Radarr rejected the API key") as radarr:
        rig.radarr(api_key="wrong").movies()
    assert "sign in again" not in str(radarr.value)


def test_a_401_mid_session_raises_auth_failed(rig: ArrRig) -> None:
    rig.sonarr_faults.add(Fault("status", path="/api/v3/episode", status=401))
    with pytest.raises(ServerAuthFailed):
        rig.sonarr().episodes(sonarr_id(managed_shows(rig.world)[0]))


def test_a_server_that_is_down_raises_unreachable(rig: ArrRig) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ServerUnreachable, match="cannot reach Sonarr"):
        rig.sonarr(url=f"http://127.0.0.1:{port}").all_series()


def test_a_500_on_the_listing_raises_instead_of_listing_nothing(rig: ArrRig) -> None:
    rig.sonarr_faults.add(Fault("status", path=SERIES, status=500))
    with pytest.raises(ServerUnreachable, match="500"):
        rig.sonarr().all_series()
    rig.radarr_faults.add(Fault("status", path="/api/v3/movie", status=500))
    with pytest.raises(ServerUnreachable):
        rig.radarr().movie_by_tmdb(managed_movies(rig.world)[0].tmdb_id)


def test_a_failed_tag_listing_fails_the_series_listing(rig: ArrRig) -> None:
    rig.sonarr_faults.add(Fault("status", path="/api/v3/tag", status=500))
    with pytest.raises(ServerUnreachable):
        rig.sonarr().all_series()


def test_a_503_is_retried_and_then_answers(rig: ArrRig) -> None:
    fault = rig.sonarr_faults.add(Fault("status", path=SERIES, status=503, times=1))
    assert len(rig.sonarr().all_series()) == len(managed_shows(rig.world))
    assert fault.fired == 1
    assert rig.slept == [1.0]


def test_a_429_backs_off_for_the_servers_delay_and_then_answers(rig: ArrRig) -> None:
    fault = rig.radarr_faults.add(
        Fault("status", path="/api/v3/movie", status=429, retry_after=7, times=2)
    )
    assert len(rig.radarr().movies()) == len(managed_movies(rig.world))
    assert fault.fired == 2
    assert rig.slept == [7.0, 7.0]


def test_a_429_that_persists_raises_rate_limited(rig: ArrRig) -> None:
    rig.sonarr_faults.add(Fault("status", path=SERIES, status=429, retry_after=3))
    with pytest.raises(ServerRateLimited) as raised:
        rig.sonarr().all_series()
    assert raised.value.retry_after == 3.0
    assert rig.slept == [3.0, 3.0, 3.0]


def test_a_body_that_is_not_json_raises_response_invalid(rig: ArrRig) -> None:
    rig.sonarr_faults.add(Fault("malformed", path=SERIES))
    with pytest.raises(ServerResponseInvalid, match="not JSON"):
        rig.sonarr().all_series()


def test_one_malformed_series_fails_the_listing_and_is_named(rig: ArrRig) -> None:
    show = managed_shows(rig.world)[1]
    show.tvdb_id = "t-three-hundred"  # type: ignore[assignment]  # what a broken proxy sends
    with pytest.raises(ServerResponseInvalid) as raised:
        rig.sonarr().all_series()
    message = str(raised.value)
    assert f"id {sonarr_id(show)}" in message
    assert repr(show.title) in message
    assert "tvdbId is str" in message


def test_a_tag_the_app_does_not_list_fails_rather_than_vanishing(rig: ArrRig) -> None:
    show = managed_shows(rig.world)[0]
    assert show.sonarr is not None
    show.sonarr.tags = [1, 99]
    with pytest.raises(ServerResponseInvalid, match="tag 99"):
        rig.sonarr().all_series()


def test_a_failed_second_exclusion_page_raises_and_removes_nothing(
    rig: ArrRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = rig.sonarr_app.sonarr.state
    for n in range(3):
        state.foreign_exclusions[20 + n] = (800_000 + n, f"Gone {n}", 0)
    monkeypatch.setattr(arr_adapter, "EXCLUSION_PAGE_SIZE", 2)
    path = "/api/v3/importlistexclusion/paged"
    fault = rig.sonarr_faults.add(Fault("fail_page", path=path, status=500, page=1))
    with pytest.raises(ServerUnreachable):
        rig.sonarr().remove_import_exclusion(800_000)
    assert fault.fired == 1
    assert len(state.foreign_exclusions) == 3


def test_checking_a_radarr_url_as_sonarr_is_refused(rig: ArrRig) -> None:
    radarr = rig.services["radarr"]
    adapter = SonarrAdapter(
        ArrClient(rig.vendor("Sonarr", url=str(radarr["url"])), str(radarr["api_key"]))
    )
    with pytest.raises(ServerResponseInvalid, match="answers as Radarr"):
        adapter.check()


def test_a_url_without_the_api_is_not_read_as_a_missing_item(rig: ArrRig) -> None:
    url = f"{rig.services['sonarr']['url']}/not-sonarr"
    with pytest.raises(ServerResponseInvalid, match="is the URL Sonarr's"):
        rig.sonarr(url=url).check()


def test_a_server_that_never_answers_raises_unreachable(rig: ArrRig) -> None:
    rig.sonarr_faults.add(Fault("timeout", path="/api/v3/system/status", seconds=1.0))
    key = str(rig.services["sonarr"]["api_key"])
    vendor = rig.vendor("Sonarr", timeout=0.2, retries=1)
    with pytest.raises(ServerUnreachable, match="did not answer in time"):
        SonarrAdapter(ArrClient(vendor, key)).check()
    assert rig.slept == [1.0]

"""Webhooks to jobs: per-source debounce re-armed by each event, duplicates, upgrades,
history, pinned servers, fire-now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.previews.webhooks import WebhookUnrecognised
from tendarr.domain.previews.work import PATHS_JOB, FileStatus
from tests.preview_support import PreviewStack, add_library_file, add_server
from tests.unit.preview_jobs import webhook_bodies as bodies

TV = "/tv/The Expanse/Season 01/"


def sonarr(episode: int, **extra: object) -> dict[str, object]:
    path = f"{TV}The Expanse - S01E{episode:02d}.mkv"
    return {**bodies.SONARR_DOWNLOAD, "episodeFile": {"path": path}, **extra}


def test_events_are_debounced_per_source_and_rearmed(stack: PreviewStack) -> None:
    start = stack.clock.now()
    first = stack.webhooks.receive(sonarr(1))
    assert (first.status, first.batch_key) == ("accepted", "webhook:sonarr")
    assert first.due_at == start + timedelta(seconds=60)
    stack.clock.advance(30)
    second = stack.webhooks.receive(sonarr(2))
    assert second.due_at == start + timedelta(seconds=90)  # re-armed
    radarr = stack.webhooks.receive(bodies.RADARR_DOWNLOAD)
    assert radarr.batch_key == "webhook:radarr"
    stack.clock.advance(45)  # t=75: radarr's batch (due 90) and sonarr's (due 90) wait
    assert stack.webhooks.tick() == []
    stack.clock.advance(16)
    jobs = {j.title: j for j in stack.webhooks.tick()}
    assert set(jobs) == {"Sonarr: 2 files", "Radarr: Inception (2010)"}
    sonarr_job = jobs["Sonarr: 2 files"]
    assert sonarr_job.type == PATHS_JOB
    assert sonarr_job.payload["paths"] == [f"{TV}The Expanse - S01E01.mkv",
                                           f"{TV}The Expanse - S01E02.mkv"]  # fmt: skip
    assert sonarr_job.payload["origin"] == "webhook:sonarr"
    stack.run(sonarr_job.id)
    assert stack.previews.outcomes(sonarr_job.id).counts == {FileStatus.GENERATED: 2}
    history = stack.webhooks.history()
    assert [e.status for e in history] == ["accepted", "accepted", "accepted"]
    assert {e.job_id for e in history if e.source == "sonarr"} == {sonarr_job.id}


def test_a_steady_stream_fires_after_ten_windows_at_most(stack: PreviewStack) -> None:
    start = stack.clock.now()
    fired = []
    for episode in range(1, 13):  # one every 59 s: each re-arms the 60 s timer
        receipt = stack.webhooks.receive(sonarr(episode))
        stack.clock.advance(59)
        fired += stack.webhooks.tick()
    [job] = fired  # at t=600, the cap: ten windows after the first event
    assert len(job.payload["paths"]) == 11
    assert receipt.due_at == start + timedelta(seconds=649 + 60)  # the 12th starts anew


def test_duplicates_within_the_window_are_dropped_but_upgrades_are_not(
    stack: PreviewStack,
) -> None:
    stack.webhooks.receive(bodies.SONARR_DOWNLOAD)
    both_shapes = stack.webhooks.receive(bodies.SONARR_IMPORT_COMPLETE)  # v4 sends both
    assert both_shapes.status == "accepted"
    assert both_shapes.duplicates == (bodies.EPISODE_PATH,)
    assert len(both_shapes.paths) == 1
    again = stack.webhooks.receive(bodies.SONARR_DOWNLOAD)
    assert again.status == "duplicate"
    [job] = stack.webhooks.fire_now()
    assert len(job.payload["paths"]) == 2
    stack.clock.advance(120)
    assert stack.webhooks.receive(bodies.SONARR_DOWNLOAD).status == "duplicate"  # 600 s window
    upgrade = stack.webhooks.receive(bodies.SONARR_UPGRADE)
    assert upgrade.status == "accepted"
    stack.clock.advance(600)
    assert stack.webhooks.receive(bodies.SONARR_DOWNLOAD).status == "duplicate"  # pending
    [later] = stack.webhooks.fire_now()
    assert later.payload["paths"] == [bodies.EPISODE_PATH]
    assert [e.status for e in stack.webhooks.history(limit=3)] == [
        "duplicate", "accepted", "duplicate",
    ]  # fmt: skip


def test_noise_tests_and_unrecognised_bodies_are_logged(stack: PreviewStack) -> None:
    assert stack.webhooks.receive(bodies.SONARR_GRAB).status == "ignored"
    test = stack.webhooks.receive(bodies.RADARR_TEST)
    assert (test.status, test.message) == ("test", "Radarr webhook configured successfully")
    with pytest.raises(WebhookUnrecognised):
        stack.webhooks.receive({"what": "is this"})
    statuses = [(e.source, e.status) for e in stack.webhooks.history()]
    assert statuses == [("unknown", "rejected"), ("radarr", "ignored"), ("sonarr", "ignored")]
    assert stack.webhooks.pending() == []


def test_arr_paths_are_mapped_and_media_server_items_need_their_server(
    stack: PreviewStack,
) -> None:
    add_server(stack.rt)  # /data -> /media, webhook prefix /downloads/done
    custom = stack.webhooks.receive({"file_path": "/downloads/done/film/film.mkv"})
    assert custom.paths == ("/media/film/film.mkv",)
    plex = stack.webhooks.receive(bodies.PLEX_LIBRARY_NEW)
    assert plex.batch_key == "webhook:plex:plex-1"
    assert plex.paths == ("item 153037 on plex-1",)
    with pytest.raises(WebhookUnrecognised, match="per-server URL"):
        stack.webhooks.receive(bodies.JELLYFIN_ITEM_ADDED)  # no Jellyfin server configured
    with pytest.raises(NotFound):
        stack.webhooks.receive(bodies.SONARR_DOWNLOAD, server_id="nope")
    with pytest.raises(ValidationFailed, match="server id"):
        stack.webhooks.receive(
            {**bodies.PLEX_LIBRARY_NEW, "Server": {"uuid": "someone-else"}}, server_id="plex-1"
        )
    add_library_file(stack.rt, "plex-1", "1", "153037", "/data/tv/e.mkv", stack.clock.now())
    jobs = {j.title: j for j in stack.webhooks.fire_now("webhook:plex:plex-1")}
    [job] = jobs.values()
    assert job.payload["items"] == [{"server_id": "plex-1", "native_id": "153037"}]
    stack.run(job.id)
    assert [o.path for o in stack.previews.outcomes(job.id).items] == ["/media/tv/e.mkv"]


def test_webhook_secret_is_generated_once(stack: PreviewStack) -> None:
    assert not stack.webhooks.secret_matches("")
    secret = stack.webhooks.secret()
    assert secret.startswith("whs_")
    assert stack.webhooks.secret() == secret
    assert stack.webhooks.secret_matches(secret)
    assert not stack.webhooks.secret_matches(secret + "x")

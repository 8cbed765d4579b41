"""The Plex household adapter: accounts, play history and sessions against the simulators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from structlog.testing import capture_logs

from tendarr.domain.household import AccountKind, PlaySource, RemotePlay, RemoteSession
from tendarr.integrations.plex.history import now_playing
from tendarr.ports.media_server import ServerAuthFailed, ServerUnreachable
from tendarr.sim.faults import Fault
from tendarr.sim.plex import start_session, update_session
from tendarr.sim.plex.state import account_id
from tendarr.sim.world import World
from tests.integration.plex.conftest import BASE_URL, CLIENT_ID, SERVER_ID
from tests.integration.plex.household_sim import PLEX_TV, HouseholdSim, make_household


@pytest.fixture
def sim() -> HouseholdSim:
    return make_household()


def _history(world: World, since: datetime | None = None) -> dict[str, tuple[str, datetime]]:
    """Return what plex-1's history should hold: event id -> (plex.tv account id, viewed)."""
    out: dict[str, tuple[str, datetime]] = {}
    for play in world.plays:
        stopped = play.stopped_at.replace(microsecond=0)
        if play.server_id != SERVER_ID or not play.completed:
            continue
        if since is not None and stopped < since:
            continue
        user = world.user_by_id[play.user_id]
        out[str(play.id)] = (str(user.plex_account_id), stopped)
    return out


# --- accounts ---------------------------------------------------------------------------


def test_accounts_are_the_owner_the_users_shared_with_and_home_members(sim: HouseholdSim) -> None:
    cast = sim.cast
    accounts = {a.native_id: a for a in sim.adapter().accounts()}

    expected = [
        (cast.owner, AccountKind.OWNER),
        (cast.friend, AccountKind.FRIEND),
        (cast.private_friend, AccountKind.FRIEND),
        (cast.home, AccountKind.HOME),
        (cast.managed, AccountKind.MANAGED),
        (cast.managed_both, AccountKind.MANAGED),
    ]
    assert {k: a.kind for k, a in accounts.items()} == {
        str(u.plex_account_id): kind for u, kind in expected
    }
    # Shared only with plex-2: neither the friend nor the Home member may use this server.
    assert str(cast.other_friend.plex_account_id) not in accounts
    assert str(cast.other_home.plex_account_id) not in accounts
    for user, _ in expected:
        account = accounts[str(user.plex_account_id)]
        assert account.server_id == SERVER_ID
        assert account.plex_uuid == user.plex_uuid
        assert account.display_name == user.display_name
    owner = accounts[str(cast.owner.plex_account_id)]
    assert (owner.username, owner.email) == (cast.owner.username, cast.owner.email)
    friend = accounts[str(cast.friend.plex_account_id)]
    assert (friend.username, friend.email) == (cast.friend.username, cast.friend.email)
    managed = accounts[str(cast.managed.plex_account_id)]
    assert (managed.username, managed.email) == (cast.managed.display_name, None)


def test_accounts_send_the_plex_headers_and_the_owners_token_to_plextv(
    sim: HouseholdSim,
) -> None:
    sim.adapter().accounts()

    calls = sim.sent_to(PLEX_TV)
    assert sorted(r.url.path for r in calls) == ["/api/home/users", "/api/users", "/api/v2/user"]
    for request in calls:
        assert request.headers["X-Plex-Token"] == sim.token
        assert request.headers["X-Plex-Client-Identifier"] == CLIENT_ID
        assert request.headers["X-Plex-Product"] == "Tendarr"


@pytest.mark.parametrize("path", ["/api/v2/user", "/api/users", "/api/home/users"])
def test_accounts_raise_auth_failed_when_plextv_rejects_the_token(
    sim: HouseholdSim, path: str
) -> None:
    sim.plextv_faults.add(Fault("status", path=path, status=401))

    with pytest.raises(ServerAuthFailed):
        sim.adapter().accounts()


def test_accounts_raise_unreachable_when_plextv_fails(sim: HouseholdSim) -> None:
    sim.plextv_faults.add(Fault("status", path="/api/users", status=500))

    with pytest.raises(ServerUnreachable):
        sim.adapter().accounts()


# --- history ----------------------------------------------------------------------------


def test_history_yields_every_completed_view_newest_first_in_pages(sim: HouseholdSim) -> None:
    expected = _history(sim.world)
    assert len(expected) > 100  # the seeded household has months of viewing

    pages = list(sim.adapter().watch_history(page_size=40))

    plays = [p for page in pages for p in page]
    assert [len(p) for p in pages[:-1]] == [40] * (len(pages) - 1)
    assert len(pages) == -(-len(expected) // 40)
    assert {p.event_id: (p.account_native_id, p.watched_at) for p in plays} == expected
    assert [p.watched_at for p in plays] == sorted((p.watched_at for p in plays), reverse=True)
    assert all(p.source is PlaySource.PLEX and p.completed for p in plays)
    # The owner is account 1 on their own server; the adapter reports their plex.tv id.
    owner_plays = [p for p in plays if p.account_native_id == str(sim.cast.owner.plex_account_id)]
    assert owner_plays
    assert "1" not in {p.account_native_id for p in plays}


def test_history_names_the_items_by_ratingkey(sim: HouseholdSim) -> None:
    play = max(
        (p for p in sim.world.plays if p.server_id == SERVER_ID and p.completed),
        key=lambda p: (p.stopped_at.replace(microsecond=0), p.id),
    )

    first = next(iter(sim.adapter().watch_history(page_size=1)))

    assert first == [
        RemotePlay(
            server_id=SERVER_ID,
            source=PlaySource.PLEX,
            event_id=str(play.id),
            account_native_id=str(sim.world.user_by_id[play.user_id].plex_account_id),
            item_native_id=sim.world.server(SERVER_ID).native_ids[(play.item_kind, play.item_id)],
            watched_at=play.stopped_at.replace(microsecond=0),
            completed=True,
        )
    ]


def test_history_since_reads_only_newer_views(sim: HouseholdSim) -> None:
    world = sim.world
    since = world.now.replace(microsecond=0)
    world.viewers_active = True
    world.advance(timedelta(days=4).total_seconds())
    expected = _history(world, since)
    assert 3 < len(expected) < len(_history(world)) / 4

    plays = [p for page in sim.adapter().watch_history(since, page_size=2) for p in page]

    assert {p.event_id: (p.account_native_id, p.watched_at) for p in plays} == expected
    history_calls = sim.sent_to(BASE_URL, "/status/sessions/history")
    assert len(history_calls) == (len(expected) + 1) // 2
    assert history_calls[0].url.params["viewedAt>"] == str(int(since.timestamp()))
    assert history_calls[0].url.params["sort"] == "viewedAt:desc"


def test_history_stops_at_the_first_older_view_when_the_server_ignores_since(
    sim: HouseholdSim,
) -> None:
    world = sim.world
    since = world.now - timedelta(days=3)
    expected = _history(world, since)
    adapter = sim.adapter(pms=_ignoring_since(sim))

    plays = [p for page in adapter.watch_history(since, page_size=5) for p in page]

    assert {p.event_id for p in plays} == set(expected)
    assert len(sim.sent_to(BASE_URL, "/status/sessions/history")) <= len(expected) // 5 + 2


def test_history_skips_an_unreadable_row_but_keeps_its_page(sim: HouseholdSim) -> None:
    expected = _history(sim.world)
    broken = sorted(expected.items(), key=lambda kv: (kv[1][1], int(kv[0])))[-2][0]
    adapter = sim.adapter(pms=_breaking_row(sim, broken))

    with capture_logs() as logs:
        pages = list(adapter.watch_history(page_size=10))

    assert {p.event_id for page in pages for p in page} == set(expected) - {broken}
    assert len(pages[0]) == 9
    assert [e["event"] for e in logs] == ["plex.history.unreadable"]


def test_history_raises_when_a_page_fails(sim: HouseholdSim) -> None:
    path = "/status/sessions/history/all"
    sim.pms_faults.add(Fault("fail_page", path=path, page=1, page_size=20, status=500))
    pages = sim.adapter().watch_history(page_size=20)

    assert len(next(pages)) == 20
    with pytest.raises(ServerUnreachable):
        next(pages)


def test_history_raises_auth_failed_on_a_rejected_token(sim: HouseholdSim) -> None:
    sim.pms_faults.add(Fault("status", path="/status/sessions/history/all", status=401))

    with pytest.raises(ServerAuthFailed):
        list(sim.adapter().watch_history())


# --- sessions ---------------------------------------------------------------------------


def test_sessions_report_who_plays_what_where(sim: HouseholdSim) -> None:
    world, cast = sim.world, sim.cast
    world.viewers_active = True
    world.advance(3600)
    movie = world.library_movies()[0]
    show = world.library_shows()[0]
    episode = next(e for e in show.episodes() if e.file is not None)
    assert movie.file is not None
    assert episode.file is not None
    watching = start_session(sim.pms_state, cast.owner.id, "movie", movie.id, 60_000)
    resting = start_session(sim.pms_state, cast.friend.id, "episode", episode.id, 5_000)
    update_session(sim.pms_state, resting.session_key, "paused", 7_000)

    sessions = sim.adapter().sessions()

    native = world.server(SERVER_ID).native_ids
    assert sessions == [
        RemoteSession(
            server_id=SERVER_ID,
            session_id=f"session-{watching.session_key}",
            account_native_id=str(cast.owner.plex_account_id),
            item_native_id=native[("movie", movie.id)],
            title=movie.title,
            state="playing",
            position_ms=60_000,
            duration_ms=movie.file.duration_ms,
            player="Apple TV (Plex for Apple TV)",
        ),
        RemoteSession(
            server_id=SERVER_ID,
            session_id=f"session-{resting.session_key}",
            account_native_id=str(cast.friend.plex_account_id),
            item_native_id=native[("episode", episode.id)],
            title=(
                f"{show.title} — S{episode.season_number:02d}E{episode.episode_number:02d}"
                f" — {episode.title}"
            ),
            state="paused",
            position_ms=7_000,
            duration_ms=episode.file.duration_ms,
            player="Apple TV (Plex for Apple TV)",
        ),
    ]
    assert account_id(cast.owner) == 1  # what PMS itself reported for the owner


def test_sessions_are_empty_only_when_nothing_plays(sim: HouseholdSim) -> None:
    assert sim.adapter().sessions() == []
    sim.pms_faults.add(Fault("status", path="/status/sessions", status=503))

    with pytest.raises(ServerUnreachable):
        sim.adapter().sessions()


def test_a_session_transcodes_only_when_plex_converts_a_stream() -> None:
    row: dict[str, object] = {
        "sessionKey": "7",
        "ratingKey": "1001",
        "type": "movie",
        "title": "Heat",
        "User": {"id": "7000013"},
        "Player": {"state": "buffering", "title": "Living Room"},
    }

    def transcoding(transcode: dict[str, str] | None) -> bool:
        raw = row if transcode is None else {**row, "TranscodeSession": transcode}
        return now_playing(SERVER_ID, raw).transcoding

    assert transcoding(None) is False
    assert transcoding({"videoDecision": "copy", "audioDecision": "copy"}) is False
    assert transcoding({"videoDecision": "copy", "audioDecision": "transcode"}) is True
    assert transcoding({}) is True
    session = now_playing(SERVER_ID, row)
    assert (session.session_id, session.state, session.player) == ("7", "buffering", "Living Room")


# --- proxies playing servers that misbehave ----------------------------------------------


def _ignoring_since(sim: HouseholdSim) -> httpx.Client:
    """A PMS that drops the ``viewedAt>=`` filter (but still sorts newest first)."""

    def handler(request: httpx.Request) -> httpx.Response:
        params = {k: v for k, v in request.url.params.items() if k != "viewedAt>"}
        answer = sim.pms.get(
            str(request.url.copy_with(query=None)), params=params, headers=request.headers
        )
        return httpx.Response(answer.status_code, content=answer.content, headers=answer.headers)

    return httpx.Client(transport=httpx.MockTransport(handler))


def _breaking_row(sim: HouseholdSim, event_id: str) -> httpx.Client:
    """A PMS whose history row ``event_id`` has a ``viewedAt`` that is not a number."""

    def handler(request: httpx.Request) -> httpx.Response:
        answer = sim.pms.get(str(request.url), headers=request.headers)
        body = answer.json()
        for row in body["MediaContainer"].get("Metadata", []):
            if row["historyKey"].endswith(f"/{event_id}"):
                row["viewedAt"] = "yesterday"
        return httpx.Response(answer.status_code, json=body)

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_history_rows_of_music_are_not_plays() -> None:
    from tendarr.integrations.plex.history import history_play

    row = {"type": "track", "ratingKey": "9", "accountID": 1, "viewedAt": 1_700_000_000}
    assert history_play(SERVER_ID, row) is None
    assert history_play(SERVER_ID, {**row, "type": "movie", "historyKey": ""}) == RemotePlay(
        server_id=SERVER_ID,
        source=PlaySource.PLEX,
        event_id="1:9:1700000000",
        account_native_id="1",
        item_native_id="9",
        watched_at=datetime.fromtimestamp(1_700_000_000, UTC),
        completed=True,
    )

"""Request facts for cleanup rules (Overseerr/Jellyseerr), read once per facts build.

Every enabled request app is listed completely once; requests are matched to items by
TMDB id (movies) or TVDB/TMDB id (shows; seasons and episodes by their show, and by the
requested seasons), never by title. Requesters are matched to Tendarr users by the
Plex/Jellyfin account id the app reports (linked household accounts), else email, else
username, Plex or Jellyfin username (all ignoring case). Declined requests do not count.

No app configured: every request property stays ``Unknown`` ("requests are not connected
yet"). An app that fails: ``Unknown`` with its name and reason. A title nobody requested
(after a complete listing) has known empty values. A requester who matches no Tendarr
user makes the requester-relative properties unknown, never "someone else's".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import Unknown
from tendarr.ports.cleanup_facts import ItemFacts, LibrarySnapshot, WatchFacts
from tendarr.ports.household_reads import Household
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.ports.request_apps_store import RequestAppFactory
from tendarr.ports.requests import Requester, TitleRequest

SOURCE = "requests"
DECLINED = 3
NOT_CONNECTED = Unknown("requests are not connected yet", SOURCE)
REQUEST_PROPERTIES = ("requested_by", "days_since_requested", "requester_names")
RELATIVE_PROPERTIES = (
    "watched_by_requester",
    "days_since_requester_watched",
    "others_in_progress",
    "on_others_watchlist",
)
Values = dict[str, object]


@dataclass(frozen=True)
class People:
    """Tendarr users by the ids, emails and names their linked accounts carry (folded)."""

    by_native: Mapping[str, int] = field(default_factory=dict)
    by_email: Mapping[str, int] = field(default_factory=dict)
    by_name: Mapping[str, int] = field(default_factory=dict)
    usernames: Mapping[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, household: Household) -> People:
        """Index every member's username and linked accounts."""
        native: dict[str, int] = {}
        email: dict[str, int] = {}
        name: dict[str, int] = {}
        for member in household.members:
            name.setdefault(member.username.casefold(), member.user_id)
            for account in member.accounts:
                if account.removed_at is not None:
                    continue
                native.setdefault(_native(account.native_id), member.user_id)
                if account.email:
                    email.setdefault(account.email.casefold(), member.user_id)
                name.setdefault(account.username.casefold(), member.user_id)
        usernames = {m.user_id: m.username for m in household.members}
        return cls(native, email, name, usernames)

    def user_of(self, who: Requester) -> int | None:
        """Return the Tendarr user a requester is, or None when nobody matches."""
        for native in (who.plex_id, who.jellyfin_user_id):
            if native is not None and (found := self.by_native.get(_native(str(native)))):
                return found
        if who.email and (found := self.by_email.get(who.email.casefold())):
            return found
        for name in (who.username, who.plex_username, who.jellyfin_username):
            if name and (found := self.by_name.get(name.casefold())):
                return found
        return None


def _native(value: str) -> str:
    return value.replace("-", "").casefold()


@dataclass(frozen=True)
class RequestFacts:
    """Every enabled app's requests (or why they could not be read), and the people."""

    requests: Sequence[TitleRequest] = ()
    people: People = field(default_factory=People)
    failure: str | None = None


class RequestFactsReader:
    """Lists every enabled request app once; ``None`` when none is configured."""

    def __init__(self, uow: UnitOfWorkFactory, connect: RequestAppFactory) -> None:
        self._uow = uow
        self._connect = connect

    def read(self) -> RequestFacts | None:
        """Return all requests of every enabled app (never inside a unit of work)."""
        with self._uow() as uow:
            configs = [c for c in uow.request_apps.all() if c.enabled]
            people = People.of(uow.household_reader.household()) if configs else People()
        if not configs:
            return None
        found: list[TitleRequest] = []
        for config in configs:
            try:
                found.extend(self._connect(config).requests())
            except MediaServerError as err:
                return RequestFacts(failure=f"{config.name}: {err}")
        return RequestFacts(found, people)


@dataclass
class _Person:
    finished: set[int] = field(default_factory=set)
    finished_at: datetime | None = None
    started: bool = False


class _Index:
    def __init__(self, requests: Sequence[TitleRequest]) -> None:
        self.movies: dict[int, list[TitleRequest]] = defaultdict(list)
        self.tv_tmdb: dict[int, list[TitleRequest]] = defaultdict(list)
        self.tv_tvdb: dict[int, list[TitleRequest]] = defaultdict(list)
        for request in requests:
            if request.status == DECLINED:
                continue
            if request.media_type == "movie":
                if request.tmdb_id is not None:
                    self.movies[request.tmdb_id].append(request)
                continue
            if request.tmdb_id is not None:
                self.tv_tmdb[request.tmdb_id].append(request)
            if request.tvdb_id is not None:
                self.tv_tvdb[request.tvdb_id].append(request)

    def find(self, item: ItemFacts, top: ItemFacts) -> list[TitleRequest] | Unknown:
        if item.kind == "movie":
            if top.tmdb_id is None:
                return Unknown("it has no TMDB id to match requests", SOURCE)
            return list(self.movies.get(top.tmdb_id, ()))
        if top.tvdb_id is None and top.tmdb_id is None:
            return Unknown("it has no TVDB or TMDB id to match requests", SOURCE)
        found = {id(r): r for r in self.tv_tvdb.get(top.tvdb_id or -1, ())}
        found.update((id(r), r) for r in self.tv_tmdb.get(top.tmdb_id or -1, ()))
        season = item.season_number if item.kind in {"season", "episode"} else None
        return [r for r in found.values() if season is None or not r.seasons or season in r.seasons]


def request_values(
    snapshot: LibrarySnapshot,
    episodes: Mapping[int, list[int]],
    kind: ItemKind,
    facts: RequestFacts | None,
) -> Callable[[ItemFacts, ItemFacts | None], Values]:
    """Return a lookup: item (and its show) -> the request and requester-relative facts."""
    if facts is None or facts.failure is not None:
        reason = NOT_CONNECTED if facts is None else Unknown(facts.failure or "", SOURCE)

        def unknown(item: ItemFacts, show: ItemFacts | None) -> Values:
            values: Values = dict.fromkeys((*REQUEST_PROPERTIES, *RELATIVE_PROPERTIES), reason)
            values["days_since_available"] = (
                _added(item) if facts is None else reason  # the app may know a later date
            )
            return values

        return unknown
    index = _Index(facts.requests)
    by_item: dict[int, list[WatchFacts]] = defaultdict(list)
    for state in snapshot.watch:
        by_item[state.media_item_id].append(state)
    holders: dict[int, set[int]] = defaultdict(set)
    for item_id, user_id in snapshot.watchlisted:
        holders[item_id].add(user_id)
    grouped = kind in {ItemKind.SHOW, ItemKind.SEASON}

    def lookup(item: ItemFacts, show: ItemFacts | None) -> Values:
        top = show or item
        found = index.find(item, top)
        if isinstance(found, Unknown):
            values: Values = dict.fromkeys((*REQUEST_PROPERTIES, *RELATIVE_PROPERTIES), found)
            return {**values, "days_since_available": _added(item)}
        scope = episodes.get(item.id, []) if grouped else [item.id]
        states = [s for member in scope for s in by_item.get(member, [])]
        return _values(found, facts.people, states, len(scope) if grouped else None, item) | {
            "on_others_watchlist": _others_watchlist(found, facts.people, holders[top.id], snapshot)
        }

    return lookup


def _values(
    found: list[TitleRequest],
    people: People,
    states: list[WatchFacts],
    episode_count: int | None,
    item: ItemFacts,
) -> Values:
    available = max((r.media_added_at for r in found if r.media_added_at), default=None)
    values: Values = {"days_since_available": available or _added(item)}
    if not found:
        return values | {
            "requested_by": [],
            "days_since_requested": None,
            "requester_names": [],
            "watched_by_requester": None,
            "days_since_requester_watched": None,
            "others_in_progress": any(_partway(p, episode_count) for p in _fold(states).values()),
        }
    users = {r.requester.seerr_id: people.user_of(r.requester) for r in found}
    names = [n for r in found for n in r.requester.names()]
    names += [
        people.usernames[u] for u in users.values() if u is not None and u in people.usernames
    ]
    values |= {
        "days_since_requested": max(r.created_at for r in found),
        "requester_names": sorted(set(names), key=str.casefold),
    }
    lost = next((r.requester for r in found if users[r.requester.seerr_id] is None), None)
    if lost is not None:
        unknown = Unknown(f"requester {lost.label()} is linked to no Tendarr user", SOURCE)
        return values | {"requested_by": unknown, **dict.fromkeys(RELATIVE_PROPERTIES, unknown)}
    ids = {u for u in users.values() if u is not None}
    folded = _fold(states)
    mine = [folded.get(u, _Person()) for u in ids]
    done = all(_done(p, episode_count) for p in mine)
    finished = [p.finished_at for p in mine if p.finished_at is not None]
    others = [p for key, p in folded.items() if key not in ids]
    return values | {
        "requested_by": sorted(ids),
        "watched_by_requester": done,
        "days_since_requester_watched": max(finished) if done and finished else None,
        "others_in_progress": any(_partway(p, episode_count) for p in others),
    }


def _fold(states: list[WatchFacts]) -> dict[int | str, _Person]:
    """Fold watch states per user (an unlinked account is its own person)."""
    people: dict[int | str, _Person] = {}
    for state in states:
        key: int | str = state.user_id if state.user_id is not None else f"a{state.account_id}"
        person = people.setdefault(key, _Person())
        person.started = person.started or state.in_progress
        if state.completed:
            person.finished.add(state.media_item_id)
            if person.finished_at is None or state.last_watched_at > person.finished_at:
                person.finished_at = state.last_watched_at
    return people


def _done(person: _Person, episode_count: int | None) -> bool:
    if episode_count is None:
        return bool(person.finished)
    return len(person.finished) >= episode_count > 0


def _partway(person: _Person, episode_count: int | None) -> bool:
    if episode_count is None:
        return person.started
    return person.started or 0 < len(person.finished) < episode_count


def _others_watchlist(
    found: list[TitleRequest], people: People, holders: set[int], snapshot: LibrarySnapshot
) -> object:
    users = {people.user_of(r.requester) for r in found}
    if None in users:
        lost = next(r.requester for r in found if people.user_of(r.requester) is None)
        return Unknown(f"requester {lost.label()} is linked to no Tendarr user", SOURCE)
    if holders - users:
        return True
    if snapshot.watchlist_gaps:
        gap = snapshot.watchlist_gaps[0]
        return Unknown(
            f"the watchlist of {gap.username} could not be read: {gap.problem}", "watchlists"
        )
    return False


def _added(item: ItemFacts) -> object:
    if item.added_at is None:
        return Unknown("no server reported when it was added", "library")
    return item.added_at

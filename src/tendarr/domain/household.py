"""The household as media servers report it: accounts, plays, sessions and watchlists.

Pure data in Tendarr's own terms. Adapters produce these; services store them per
Tendarr user so that one person's viewing on any server counts as one watch state.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.media import ExternalIds, ItemKind


class AccountKind(enum.StrEnum):
    """What an account is to its server."""

    OWNER = "owner"  # Plex server owner
    FRIEND = "friend"  # Plex friend the server is shared with
    HOME = "home"  # Plex Home member (may also be managed)
    MANAGED = "managed"  # Plex managed (restricted) Home user without an email
    ADMIN = "admin"  # Jellyfin/Emby administrator
    USER = "user"  # Jellyfin/Emby user


class WatchlistMethod(enum.StrEnum):
    """How an account's watchlist is read (the users page shows it)."""

    DIRECT = "direct"  # the user's own token (Plex) or the server's favourites (Jellyfin/Emby)
    FRIEND = "friend"  # a Plex friend's watchlist read with the owner's token
    PRIVATE = "private"  # the friend keeps it private: nothing can be read
    NONE = "none"  # no way to read one (e.g. managed users, no token)


class PlaySource(enum.StrEnum):
    """Where a viewing event came from; kept on every stored event."""

    PLEX = "plex"
    JELLYFIN = "jellyfin"
    EMBY = "emby"
    TAUTULLI = "tautulli"


@dataclass(frozen=True)
class RemoteAccount:
    """A user account on one media server."""

    server_id: str
    native_id: str  # Plex account id; Jellyfin/Emby user id
    username: str
    kind: AccountKind
    email: str | None = None
    display_name: str | None = None
    disabled: bool = False
    plex_uuid: str | None = None  # plex.tv uuid: reads a friend's watchlist with the owner token


@dataclass(frozen=True)
class RemotePlay:
    """One viewing of a movie or episode (or the latest known state of one)."""

    server_id: str
    source: PlaySource
    event_id: str  # unique per (server_id, source); re-reading the same event is a no-op
    account_native_id: str  # the server account (Tautulli: the Plex account id)
    item_native_id: str  # the server's id of the movie or episode
    watched_at: datetime  # when the viewing ended (or was last reported)
    completed: bool  # watched to the end (Plex: in history; Jellyfin: Played)
    position_ms: int | None = None  # where an unfinished viewing stopped
    duration_ms: int | None = None
    play_count: int | None = None  # server-side count when it keeps one (Jellyfin/Emby)
    player: str | None = None


@dataclass(frozen=True)
class RemoteSession:
    """Something being played right now."""

    server_id: str
    session_id: str
    account_native_id: str
    item_native_id: str
    title: str
    state: str  # playing | paused | buffering
    position_ms: int | None = None
    duration_ms: int | None = None
    player: str | None = None
    transcoding: bool = False


@dataclass(frozen=True)
class RemoteWatchEntry:
    """A title on someone's watchlist (or Jellyfin/Emby favourites)."""

    kind: ItemKind  # movie or show
    title: str
    ids: ExternalIds
    year: int | None = None
    added_at: datetime | None = None
    native_id: str | None = None  # Discover ratingKey or the server's item id


@dataclass(frozen=True)
class WatchlistFetch:
    """The result of reading one account's watchlist.

    ``complete`` is true only when every page was read: only then may entries that are
    missing be recorded as removed. A private or failed fetch is never an empty list.
    """

    method: WatchlistMethod
    complete: bool
    entries: tuple[RemoteWatchEntry, ...] = ()
    problem: str | None = None


def title_key(kind: str, ids: ExternalIds) -> str | None:
    """Return the stable key of a watchlisted title (TMDB, else TVDB, else IMDB id).

    Never a title: stylised or re-titled names must not split or merge entries.
    """
    if ids.tmdb is not None:
        return f"{kind}:tmdb:{ids.tmdb}"
    if ids.tvdb is not None:
        return f"{kind}:tvdb:{ids.tvdb}"
    if ids.imdb:
        return f"{kind}:imdb:{ids.imdb}"
    return None


def fold_plays(
    plays: list[tuple[str, bool, datetime, int | None, int | None, int | None]],
) -> tuple[int, bool, datetime, int | None, int | None, str]:
    """Fold one account's events for one item into its watch state.

    Each play is (source, completed, watched_at, position_ms, duration_ms, play_count).
    Sources that report the same viewings (Plex history and Tautulli) are not added up:
    the play count is the largest any single source reports: the server's own counter
    when it keeps one (Jellyfin/Emby), else the number of completed events. The position
    is kept only while the latest event is unfinished.
    """
    events: dict[str, int] = {}
    counters: dict[str, int] = {}
    for source, completed, _, _, _, count in plays:
        events[source] = events.get(source, 0) + (1 if completed else 0)
        if count is not None:
            counters[source] = max(counters.get(source, 0), count)
    per_source = {s: counters.get(s, n) for s, n in events.items()}
    latest = max(plays, key=lambda p: p[2])
    plays_total = max(per_source.values(), default=0)
    completed_any = any(p[1] for p in plays)
    position = None if latest[1] else latest[3]
    return (
        plays_total,
        completed_any,
        latest[2],
        position,
        latest[4],
        ",".join(sorted(per_source)),
    )

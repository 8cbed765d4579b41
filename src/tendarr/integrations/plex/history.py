"""PMS play history and sessions in the household's terms.

``/status/sessions/history/all`` rows become RemotePlay (completed views of movies and
episodes only) and ``/status/sessions`` rows become RemoteSession. A row that cannot be
read raises PlexPayloadError, so the caller can skip it without dropping its page.

PMS reports the server owner as account ``1`` in both listings; every other account by
its plex.tv id. ``OWNER_LOCAL_ID`` lets the adapter map the owner to the plex.tv id that
``accounts()`` (and Tautulli) use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from tendarr.domain.household import PlaySource, RemotePlay, RemoteSession
from tendarr.integrations.plex.models import (
    PlexPayloadError,
    Row,
    as_row,
    container,
    opt_int,
    opt_str,
    req_str,
)

OWNER_LOCAL_ID = "1"
PLAYED_TYPES = frozenset({"movie", "episode"})
SESSION_STATES = frozenset({"playing", "paused", "buffering"})


@dataclass(frozen=True)
class PlexRowsPage:
    """One page of a listing whose rows are read one by one (history)."""

    rows: tuple[object, ...]
    offset: int
    total_size: int | None

    @classmethod
    def parse(cls, body: object, requested_offset: int = 0) -> PlexRowsPage:
        """Parse the container; a broken container raises, rows are left raw."""
        mc = container(body)
        raw_rows = mc.get("Metadata") or []
        if not isinstance(raw_rows, list):
            raise PlexPayloadError("MediaContainer.Metadata is not a list")
        offset = opt_int(mc, "offset")
        return cls(
            rows=tuple(raw_rows),
            offset=requested_offset if offset is None else offset,
            total_size=opt_int(mc, "totalSize"),
        )


def history_play(server_id: str, raw: object) -> RemotePlay | None:
    """Return a history row as a completed play, or None for music, photos and clips."""
    row = as_row(raw, "history row")
    if req_str(row, "type") not in PLAYED_TYPES:
        return None
    rating_key = req_str(row, "ratingKey")
    account = req_str(row, "accountID")
    viewed_at = opt_int(row, "viewedAt")
    if viewed_at is None or viewed_at <= 0:
        raise PlexPayloadError("viewedAt is missing")
    return RemotePlay(
        server_id=server_id,
        source=PlaySource.PLEX,
        event_id=_event_id(row, account, rating_key, viewed_at),
        account_native_id=account,
        item_native_id=rating_key,
        watched_at=datetime.fromtimestamp(viewed_at, UTC),
        completed=True,
    )


def _event_id(row: Row, account: str, rating_key: str, viewed_at: int) -> str:
    # ``historyKey`` is ``/status/sessions/history/<id>``: the id names the event for good.
    history_key = opt_str(row, "historyKey") or ""
    tail = history_key.rstrip("/").rpartition("/")[2]
    return tail if tail else f"{account}:{rating_key}:{viewed_at}"


def now_playing(server_id: str, raw: object) -> RemoteSession:
    """Return a ``/status/sessions`` row as a RemoteSession."""
    row = as_row(raw, "session")
    user = as_row(row.get("User"), "User")
    player = _optional_row(row, "Player")
    session = _optional_row(row, "Session")
    session_id = opt_str(session, "id") or req_str(row, "sessionKey")
    state = (opt_str(player, "state") or "playing").lower()
    if state not in SESSION_STATES:
        raise PlexPayloadError(f"Player.state {state!r} is not a playback state")
    return RemoteSession(
        server_id=server_id,
        session_id=session_id,
        account_native_id=req_str(user, "id"),
        item_native_id=req_str(row, "ratingKey"),
        title=session_title(row),
        state=state,
        position_ms=opt_int(row, "viewOffset"),
        duration_ms=opt_int(row, "duration"),
        player=_player_name(player),
        transcoding=is_transcoding(row),
    )


def session_title(row: Row) -> str:
    """Return "Show — S01E02 — Title" for an episode, the title for anything else."""
    title = opt_str(row, "title") or ""
    if opt_str(row, "type") != "episode":
        return title
    show = opt_str(row, "grandparentTitle") or ""
    season, episode = opt_int(row, "parentIndex"), opt_int(row, "index")
    number = f"S{season:02d}E{episode:02d}" if season is not None and episode is not None else ""
    return " — ".join(part for part in (show, number, title) if part)


def is_transcoding(row: Row) -> bool:
    """Return whether PMS converts the stream (a ``TranscodeSession`` that transcodes).

    PMS also opens a TranscodeSession to remux (``copy``): that is no transcode. Without
    decisions the session itself is taken as transcoding.
    """
    transcode = row.get("TranscodeSession")
    if transcode is None:
        return False
    session = as_row(transcode, "TranscodeSession")
    decisions = {opt_str(session, key) for key in ("videoDecision", "audioDecision")} - {None}
    return not decisions or "transcode" in decisions


def _optional_row(row: Row, key: str) -> Mapping[str, object]:
    value = row.get(key)
    return {} if value is None else as_row(value, key)


def _player_name(player: Mapping[str, object]) -> str | None:
    title, product = opt_str(player, "title"), opt_str(player, "product")
    if title and product and title != product:
        return f"{title} ({product})"
    return title or product or None

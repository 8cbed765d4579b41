"""What Tautulli remembers beyond the World: old ratingKeys and the sessions now playing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tendarr.sim.model import MediaServer, User
from tendarr.sim.plex.library import plex_hex
from tendarr.sim.world import World, WorldEvent

ItemKey = tuple[str, int]


@dataclass
class ActiveSession:
    """A stream in progress, started by a test through ``TautulliState.start_session``."""

    session_key: int
    user_id: int
    kind: Literal["movie", "episode"]
    item_id: int
    view_offset_ms: int
    state: str = "playing"  # playing | paused | buffering


def plex_guid(world: World, kind: str, item_id: int) -> str:
    """Return the ``plex://<kind>/<hex>`` guid the Plex simulator gives a world item."""
    if kind == "movie":
        return f"plex://movie/{plex_hex('movie', world.movie_by_id[item_id].tmdb_id)}"
    if kind == "show":
        return f"plex://show/{plex_hex('show', world.show_by_id[item_id].tmdb_id)}"
    ep = world.episode_by_id[item_id]
    show = world.show_by_id[ep.show_id]
    return f"plex://episode/{plex_hex(f'ep{ep.tvdb_id}', show.tmdb_id)}"


@dataclass
class TautulliState:
    """Tautulli's own memory of one Plex server."""

    world: World
    server: MediaServer
    api_key: str
    known_keys: dict[ItemKey, str] = field(default_factory=dict)
    sessions: list[ActiveSession] = field(default_factory=list)
    _next_session: int = 1

    def __post_init__(self) -> None:
        self.known_keys.update(self.server.native_ids)
        self.world.listeners.append(self._on_event)

    def _on_event(self, event: WorldEvent) -> None:
        # History keeps the ratingKey an item had when played, even after Plex drops it.
        self.known_keys.update(self.server.native_ids)

    def rating_key(self, kind: str, item_id: int) -> str | None:
        """Return the item's current ratingKey, or the last one Tautulli saw."""
        current = self.server.native_ids.get((kind, item_id))
        if current is not None:
            self.known_keys[(kind, item_id)] = current
            return current
        return self.known_keys.get((kind, item_id))

    def users(self) -> list[User]:
        """Return the household members who can use this Plex server."""
        return [u for u in self.world.users if self.server.id in u.servers]

    def user_by_plex_id(self, plex_id: int) -> User | None:
        """Return the user whose Plex account id is ``plex_id``."""
        return next((u for u in self.world.users if u.plex_account_id == plex_id), None)

    def section_id(self, kind: str) -> str:
        """Return the library section key holding items of ``kind`` (movie or show)."""
        wanted = "movie" if kind == "movie" else "show"
        return next(lib.key for lib in self.server.libraries if lib.kind == wanted)

    def library_name(self, kind: str) -> str:
        """Return the library section name holding items of ``kind``."""
        wanted = "movie" if kind == "movie" else "show"
        return next(lib.name for lib in self.server.libraries if lib.kind == wanted)

    def start_session(
        self,
        user_id: int,
        kind: Literal["movie", "episode"],
        item_id: int,
        view_offset_ms: int = 0,
        state: str = "playing",
    ) -> ActiveSession:
        """Start a stream that ``get_activity`` reports until it is stopped."""
        session = ActiveSession(self._next_session, user_id, kind, item_id, view_offset_ms, state)
        self._next_session += 1
        self.sessions.append(session)
        return session

    def stop_session(self, session_key: int) -> None:
        """End a stream started with ``start_session``."""
        self.sessions = [s for s in self.sessions if s.session_key != session_key]

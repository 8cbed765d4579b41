"""Viewers who keep watching while the World's clock runs, each at their own pace.

Each household member continues the show they watched most recently, one episode after
another, at ``pace_episodes_per_week``; the odd movie fills the gaps. Everything is drawn
from the World's seeded generator, so the same seed and the same clock steps give the same
plays.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tendarr.sim.model import Episode, Play, User
from tendarr.sim.world import World

WEEK = timedelta(days=7)
MOVIE_SHARE = 0.2  # of sessions that are a movie rather than the next episode


def watch(world: World, start: datetime, end: datetime) -> list[Play]:
    """Add the plays that happen between ``start`` and ``end``; return them."""
    added: list[Play] = []
    span = (end - start) / WEEK
    if span <= 0:
        return added
    for user in world.users:
        expected = user.pace_episodes_per_week * span
        sessions = int(expected) + (1 if world.rng.random() < expected - int(expected) else 0)
        for n in range(sessions):
            at = start + (end - start) * ((n + world.rng.random()) / max(sessions, 1))
            play = _one_session(world, user, at)
            if play is not None:
                added.append(play)
    return added


def _one_session(world: World, user: User, at: datetime) -> Play | None:
    server_id = user.servers[0] if user.servers else world.servers[0].id
    if world.rng.random() < MOVIE_SHARE:
        seen = {p.item_id for p in world.plays if p.user_id == user.id and p.item_kind == "movie"}
        choices = [m for m in world.library_movies() if m.id not in seen]
        if not choices:
            return None
        movie = world.rng.choice(choices)
        assert movie.file is not None
        return _record(world, user, server_id, "movie", movie.id, movie.file.duration_ms, at)
    episode = _next_episode(world, user)
    if episode is None or episode.file is None:
        return None
    return _record(world, user, server_id, "episode", episode.id, episode.file.duration_ms, at)


def _next_episode(world: World, user: User) -> Episode | None:
    latest = None
    for play in reversed(world.plays):
        if play.user_id == user.id and play.item_kind == "episode" and play.completed:
            latest = world.episode_by_id.get(play.item_id)
            break
    if latest is None:
        return None
    show = world.show_by_id[latest.show_id]
    ordered = [e for e in show.episodes() if e.file is not None]
    later = [
        e
        for e in ordered
        if (e.season_number, e.episode_number) > (latest.season_number, latest.episode_number)
    ]
    return later[0] if later else None


def _record(
    world: World,
    user: User,
    server_id: str,
    kind: str,
    item_id: int,
    duration_ms: int,
    at: datetime,
) -> Play:
    play = Play(
        id=len(world.plays) + 1,
        user_id=user.id,
        server_id=server_id,
        item_kind=kind,  # type: ignore[arg-type]
        item_id=item_id,
        started_at=at,
        stopped_at=at + timedelta(milliseconds=duration_ms),
        view_offset_ms=duration_ms,
        duration_ms=duration_ms,
        completed=True,
        player="Apple TV",
        platform="tvOS",
    )
    world.plays.append(play)
    world.emit(
        "play.stopped",
        play_id=play.id,
        server_id=server_id,
        user_id=user.id,
        item_kind=kind,
        item_id=item_id,
    )
    return play

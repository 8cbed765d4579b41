"""What the simulated Sonarr and Radarr of a World hold, read straight off the World."""

from __future__ import annotations

from tendarr.sim.model import Episode, Movie, Show
from tendarr.sim.world import World


def managed_shows(world: World) -> list[Show]:
    """Return the shows Sonarr manages, by Sonarr id."""
    shows = [s for s in world.shows if s.sonarr is not None]
    return sorted(shows, key=lambda s: s.sonarr.arr_id if s.sonarr else 0)


def managed_movies(world: World) -> list[Movie]:
    """Return the movies Radarr manages, by Radarr id."""
    movies = [m for m in world.movies if m.radarr is not None]
    return sorted(movies, key=lambda m: m.radarr.arr_id if m.radarr else 0)


def sonarr_id(show: Show) -> int:
    """Return a managed show's Sonarr id."""
    assert show.sonarr is not None
    return show.sonarr.arr_id


def radarr_id(movie: Movie) -> int:
    """Return a managed movie's Radarr id."""
    assert movie.radarr is not None
    return movie.radarr.arr_id


def profile_name(world: World, profile_id: int) -> str:
    """Return the name of a World quality profile."""
    return next(p.name for p in world.quality_profiles if p.id == profile_id)


def show_with_files(world: World, *, seasons: int = 1) -> Show:
    """Return a managed show with files in at least ``seasons`` seasons."""
    return next(
        s
        for s in managed_shows(world)
        if sum(1 for season in s.seasons if any(e.file for e in season.episodes)) >= seasons
    )


def episodes_with_files(show: Show) -> list[Episode]:
    """Return a show's episodes that have a file."""
    return [e for e in show.episodes() if e.file is not None]


def episode_sonarr_id(episode: Episode) -> int:
    """Return an episode's Sonarr id."""
    return episode.sonarr_id if episode.sonarr_id is not None else episode.id

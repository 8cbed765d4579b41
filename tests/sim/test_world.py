"""The seeded world: deterministic, consistent, and moved by its clock."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from tendarr.sim.generate import WorldConfig, generate_world


def test_same_seed_gives_the_same_world() -> None:
    a, b = generate_world(WorldConfig(seed=7)), generate_world(WorldConfig(seed=7))
    assert [asdict(m) for m in a.movies] == [asdict(m) for m in b.movies]
    assert [asdict(p) for p in a.plays] == [asdict(p) for p in b.plays]
    assert [s.native_ids for s in a.servers] == [s.native_ids for s in b.servers]
    assert (
        generate_world(WorldConfig(seed=8)).movies[0].title != a.movies[0].title
        or generate_world(WorldConfig(seed=8)).movies[0].tmdb_id != a.movies[0].tmdb_id
    )


def test_external_ids_are_unique() -> None:
    world = generate_world(WorldConfig(movies=300, shows=40))
    assert len({m.tmdb_id for m in world.movies}) == len(world.movies)
    assert len({m.imdb_id for m in world.movies}) == len(world.movies)
    assert len({s.tvdb_id for s in world.shows}) == len(world.shows)
    assert len({s.tmdb_id for s in world.shows}) == len(world.shows)


def test_every_library_item_exists_on_every_server() -> None:
    world = generate_world()
    for server in world.servers:
        for movie in world.library_movies():
            assert ("movie", movie.id) in server.native_ids
        for episode in world.episode_by_id.values():
            assert (("episode", episode.id) in server.native_ids) == (episode.file is not None)
    plex = next(s for s in world.servers if s.kind == "plex")
    assert all(v.isdigit() for v in plex.native_ids.values())


def test_file_names_carry_release_tokens_that_match_the_streams() -> None:
    world = generate_world(WorldConfig(movies=400, shows=0))
    for movie in world.library_movies():
        assert movie.file is not None
        video = movie.file.video
        name = movie.file.path
        assert f"{{tmdb-{movie.tmdb_id}}}" in name
        if video.dynamic_range == "DV":
            assert "DV" in name or "DoVi" in name
            assert video.dv_profile in {5, 7, 8}
            assert video.dv_hdr10_compatible == (video.dv_profile in {7, 8})
        if video.dynamic_range == "HDR10+":
            assert "HDR10Plus" in name
    ranges = {m.file.video.dynamic_range for m in world.library_movies() if m.file}
    assert ranges == {"SDR", "HDR10", "HDR10+", "HLG", "DV"}
    sparse = [m for m in world.library_movies() if m.file and m.file.video.keyframe_interval_s > 10]
    assert sparse


def test_watch_history_has_partial_and_complete_plays_in_the_past() -> None:
    world = generate_world()
    assert any(p.completed for p in world.plays)
    assert any(not p.completed for p in world.plays)
    assert all(p.started_at < world.now for p in world.plays)
    assert all(p.view_offset_ms <= p.duration_ms for p in world.plays)


def test_a_scheduled_download_appears_when_the_clock_advances() -> None:
    world = generate_world()
    wanted = next(m for m in world.movies if not m.in_library)
    world.schedule_download("movie", wanted.id, timedelta(minutes=10))
    assert world.advance(300) == []
    events = world.advance(600)
    assert [e.kind for e in events] == ["download.completed"]
    assert wanted.file is not None
    assert wanted.file.path.startswith("/media/movies/")
    assert all(("movie", wanted.id) in s.native_ids for s in world.servers)


def test_deleting_a_file_removes_the_item_from_every_server() -> None:
    world = generate_world()
    movie = world.library_movies()[0]
    assert world.delete_file("movie", movie.id) is not None
    assert not movie.in_library
    assert all(("movie", movie.id) not in s.native_ids for s in world.servers)


def test_jellyfin_rescan_can_change_every_id() -> None:
    world = generate_world()
    jellyfin = next(s for s in world.servers if s.kind == "jellyfin")
    before = dict(jellyfin.native_ids)
    world.rescan_changes_ids(jellyfin.id)
    assert set(before) == set(jellyfin.native_ids)
    assert all(before[k] != jellyfin.native_ids[k] for k in before)


def test_viewers_keep_watching_at_their_pace_when_switched_on() -> None:
    runs = []
    for _ in range(2):
        world = generate_world(WorldConfig(seed=9, users=4))
        before = len(world.plays)
        assert world.advance(7 * 86400) == []  # viewers are off by default
        world.viewers_active = True
        events = world.advance(14 * 86400)
        added = world.plays[before:]
        assert added
        assert [e.kind for e in events] == ["play.stopped"] * len(added)
        assert all(world.now - timedelta(days=14) <= p.started_at <= world.now for p in added)
        runs.append([(p.user_id, p.item_kind, p.item_id) for p in added])
    assert runs[0] == runs[1]  # the same seed and steps give the same plays
    for user in world.users:
        episodes = [p for p in added if p.user_id == user.id and p.item_kind == "episode"]
        numbers = [
            (
                world.episode_by_id[p.item_id].season_number,
                world.episode_by_id[p.item_id].episode_number,
            )
            for p in episodes
        ]
        assert numbers == sorted(numbers)  # each viewer moves forward through a show

"""The Radarr adapter against the simulated Radarr: reads, deletes, monitoring, restoration."""

from __future__ import annotations

import pytest

from tendarr.domain.arr import ArrKind, CommandStatus, MovieStatus, RootFolder
from tendarr.ports.arr import ArrItemMissing, ArrRequestRejected, RadarrPort
from tendarr.sim.model import Movie
from tendarr.sim.radarr.state import VERSION
from tests.integration.arr.conftest import ArrRig
from tests.integration.arr.world_view import managed_movies, profile_name, radarr_id


def movie_with_file(rig: ArrRig, index: int = 0) -> Movie:
    return [m for m in managed_movies(rig.world) if m.file is not None][index]


def test_check_reports_radarr_and_its_version(rig: ArrRig) -> None:
    system = rig.radarr().check()
    assert (system.kind, system.app_name, system.version) == (ArrKind.RADARR, "Radarr", VERSION)


def test_every_managed_movie_is_listed_with_the_worlds_ids_and_flags(rig: ArrRig) -> None:
    port: RadarrPort = rig.radarr()
    movies = managed_movies(rig.world)
    movies[0].radarr.tags = [2]  # type: ignore[union-attr]
    listed = port.movies()
    assert [m.id for m in listed] == [radarr_id(m) for m in movies]
    for got, want in zip(listed, movies, strict=True):
        assert want.radarr is not None
        assert (got.tmdb_id, got.imdb_id, got.title, got.year) == (
            want.tmdb_id,
            want.imdb_id,
            want.title,
            want.year,
        )
        assert (got.monitored, got.has_file) == (want.radarr.monitored, want.file is not None)
        assert got.quality_profile == profile_name(rig.world, want.radarr.quality_profile_id)
        assert got.root_folder == "/media/movies"
        assert got.path == f"/media/movies/{want.title} ({want.year}) {{tmdb-{want.tmdb_id}}}"
        assert got.file_id == (want.file.id if want.file else None)
        assert got.size_on_disk == (want.file.size if want.file else 0)
        assert got.added_at == want.radarr.added_at
        assert got.status is MovieStatus.RELEASED
    assert listed[0].tags == ("kids",)
    assert all(m.tags == () for m in listed[1:])


def test_movie_by_tmdb_finds_a_managed_movie_and_none_for_an_unmanaged_one(
    rig: ArrRig,
) -> None:
    port = rig.radarr()
    movie = movie_with_file(rig, 1)
    found = port.movie_by_tmdb(movie.tmdb_id)
    assert found is not None
    assert (found.id, found.title) == (radarr_id(movie), movie.title)
    unmanaged = next(m for m in rig.world.movies if m.radarr is None)
    assert port.movie_by_tmdb(unmanaged.tmdb_id) is None
    with pytest.raises(ArrItemMissing, match="movie 999"):
        port.movie(999)


def test_root_folders_report_free_and_total_space(rig: ArrRig) -> None:
    folder = rig.world.root_folders["radarr"][0]
    folders = rig.radarr().root_folders()
    assert folders == [
        RootFolder(folder.id, folder.path, folder.free_space, folder.total_space, True)
    ]
    assert folders[0].free_fraction == folder.free_space / folder.total_space


def test_delete_with_files_removes_the_file_and_records_the_exclusion(rig: ArrRig) -> None:
    port = rig.radarr()
    movie = movie_with_file(rig)
    movie_id = radarr_id(movie)
    port.delete_movie(movie_id, delete_files=True, add_import_exclusion=True)
    assert (movie.radarr, movie.file) == (None, None)
    assert [(e.kind, e.item_id) for e in rig.world.exclusions] == [("movie", movie.id)]
    exclusions = port.import_exclusions()
    assert [(e.external_id, e.title, e.year) for e in exclusions] == [
        (movie.tmdb_id, movie.title, movie.year)
    ]
    assert port.movie_by_tmdb(movie.tmdb_id) is None
    with pytest.raises(ArrItemMissing, match=f"movie {movie_id}"):
        port.delete_movie(movie_id, delete_files=True, add_import_exclusion=False)


def test_deleting_movie_files_keeps_the_movie_and_is_idempotent(rig: ArrRig) -> None:
    port = rig.radarr()
    first, second = movie_with_file(rig, 0), movie_with_file(rig, 1)
    assert first.file is not None
    assert second.file is not None
    ids = [first.file.id, second.file.id]
    assert port.delete_movie_files(ids) == sorted(ids)
    assert [m.file for m in (first, second)] == [None, None]
    after = port.movie(radarr_id(first))
    assert (after.has_file, after.file_id, after.size_on_disk) == (False, None, 0)
    assert port.delete_movie_files(ids) == []


def test_unmonitoring_a_movie_round_trips(rig: ArrRig) -> None:
    port = rig.radarr()
    movie = movie_with_file(rig)
    port.set_movie_monitored(radarr_id(movie), False)
    assert port.movie(radarr_id(movie)).monitored is False
    port.set_movie_monitored(radarr_id(movie), True)
    assert port.movie(radarr_id(movie)).monitored is True
    with pytest.raises(ArrItemMissing):
        port.set_movie_monitored(999, False)


def test_search_queues_a_movies_search_that_completes_when_the_file_lands(rig: ArrRig) -> None:
    port = rig.radarr()
    movie = movie_with_file(rig)
    assert movie.file is not None
    port.delete_movie_files([movie.file.id])
    command = port.search_movies([radarr_id(movie)])
    assert (command.name, command.status) == ("MoviesSearch", CommandStatus.QUEUED)
    record = rig.radarr_app.radarr.state.commands.records[command.id]
    assert record.args == {"movieIds": [radarr_id(movie)]}
    rig.world.advance(rig.world.download_delay.total_seconds())
    assert port.command(command.id).status is CommandStatus.COMPLETED
    assert port.movie(radarr_id(movie)).has_file is True


def test_restoration_clears_the_exclusion_and_adds_the_movie_back(rig: ArrRig) -> None:
    port = rig.radarr()
    movie = movie_with_file(rig)
    port.delete_movie(radarr_id(movie), delete_files=True, add_import_exclusion=True)
    assert port.remove_import_exclusion(movie.tmdb_id) is True
    assert rig.world.exclusions == []
    assert port.remove_import_exclusion(movie.tmdb_id) is False
    restored = port.add_movie(
        movie.tmdb_id,
        quality_profile="Ultra-HD",
        root_folder="/media/movies",
        tags=["keep"],
        search=True,
    )
    assert (restored.tmdb_id, restored.title, restored.monitored) == (
        movie.tmdb_id,
        movie.title,
        True,
    )
    assert (restored.quality_profile, restored.tags, restored.has_file) == (
        "Ultra-HD",
        ("keep",),
        False,
    )
    records = rig.radarr_app.radarr.state.commands.records.values()
    assert [(r.spec.name, r.args) for r in records] == [
        ("MoviesSearch", {"movieIds": [restored.id]})
    ]
    rig.world.advance(rig.world.download_delay.total_seconds())
    assert port.movie(restored.id).has_file is True


def test_adding_a_movie_tmdb_does_not_know_raises_item_missing(rig: ArrRig) -> None:
    with pytest.raises(ArrItemMissing, match="TMDB id 4242"):
        rig.radarr().add_movie(4242, quality_profile="Any", root_folder="/media/movies")


def test_adding_a_movie_already_there_is_rejected(rig: ArrRig) -> None:
    movie = movie_with_file(rig)
    with pytest.raises(ArrRequestRejected) as raised:
        rig.radarr().add_movie(movie.tmdb_id, quality_profile="Any", root_folder="/media/movies")
    assert raised.value.status == 400

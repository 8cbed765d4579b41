"""The Sonarr adapter reads series, episodes, labels and folders as the simulator holds them."""

from __future__ import annotations

import pytest

from tendarr.domain.arr import ArrKind, ArrTag, QualityProfile, RootFolder, SeriesStatus
from tendarr.integrations.arr import adapter as arr_adapter
from tendarr.ports.arr import ArrItemMissing, SonarrPort
from tendarr.sim.sonarr.state import VERSION
from tests.integration.arr.conftest import ArrRig
from tests.integration.arr.world_view import (
    episode_sonarr_id,
    managed_shows,
    profile_name,
    show_with_files,
    sonarr_id,
)


def test_check_reports_sonarr_and_its_version(rig: ArrRig) -> None:
    system = rig.sonarr().check()
    assert (system.kind, system.app_name, system.version) == (ArrKind.SONARR, "Sonarr", VERSION)


def test_every_managed_series_is_listed_with_the_worlds_ids_and_flags(rig: ArrRig) -> None:
    port: SonarrPort = rig.sonarr()
    listed = port.all_series()
    shows = managed_shows(rig.world)
    assert [s.id for s in listed] == [sonarr_id(s) for s in shows]
    for series, show in zip(listed, shows, strict=True):
        assert show.sonarr is not None
        files = [e.file for e in show.episodes() if e.file is not None]
        assert (series.tvdb_id, series.tmdb_id, series.imdb_id) == (
            show.tvdb_id,
            show.tmdb_id,
            show.imdb_id,
        )
        assert (series.title, series.year, series.monitored) == (
            show.title,
            show.year,
            show.sonarr.monitored,
        )
        assert series.status == SeriesStatus(show.status)
        assert series.quality_profile == profile_name(rig.world, show.sonarr.quality_profile_id)
        assert series.root_folder == "/media/tv"
        assert series.path == f"/media/tv/{show.title} ({show.year}) {{tvdb-{show.tvdb_id}}}"
        assert series.size_on_disk == sum(f.size for f in files)
        assert series.episode_file_count == len(files)
        assert series.tags == ()
        assert series.added_at == show.sonarr.added_at
        assert [(s.number, s.monitored) for s in series.seasons] == [
            (s.number, s.monitored) for s in show.seasons
        ]
        for season, world_season in zip(series.seasons, show.seasons, strict=True):
            with_files = [e.file for e in world_season.episodes if e.file is not None]
            assert season.total_episode_count == len(world_season.episodes)
            assert season.episode_file_count == len(with_files)
            assert season.size_on_disk == sum(f.size for f in with_files)


def test_tags_are_carried_by_name(rig: ArrRig) -> None:
    show = managed_shows(rig.world)[0]
    assert show.sonarr is not None
    show.sonarr.tags = [1, 3]
    assert rig.sonarr().series(sonarr_id(show)).tags == ("keep", "4k")


def test_series_by_tvdb_finds_a_managed_series_and_none_for_an_unmanaged_one(
    rig: ArrRig,
) -> None:
    port = rig.sonarr()
    show = managed_shows(rig.world)[1]
    found = port.series_by_tvdb(show.tvdb_id)
    assert found is not None
    assert (found.id, found.title) == (sonarr_id(show), show.title)
    unmanaged = next(s for s in rig.world.shows if s.sonarr is None)
    assert port.series_by_tvdb(unmanaged.tvdb_id) is None


def test_a_series_sonarr_does_not_hold_raises_item_missing(rig: ArrRig) -> None:
    with pytest.raises(ArrItemMissing, match="series 999"):
        rig.sonarr().series(999)


def test_episodes_carry_monitoring_file_ids_sizes_and_air_dates(rig: ArrRig) -> None:
    show = show_with_files(rig.world)
    show.episodes()[0].monitored = False
    episodes = rig.sonarr().episodes(sonarr_id(show))
    assert [e.id for e in episodes] == [episode_sonarr_id(e) for e in show.episodes()]
    for got, want in zip(episodes, show.episodes(), strict=True):
        assert (got.series_id, got.season_number, got.episode_number) == (
            sonarr_id(show),
            want.season_number,
            want.episode_number,
        )
        assert (got.monitored, got.has_file, got.title) == (
            want.monitored,
            want.file is not None,
            want.title,
        )
        assert got.air_date == want.air_date
        assert got.tvdb_id == want.tvdb_id
        assert got.file_id == (want.file.id if want.file else None)
        assert got.file_size == (want.file.size if want.file else None)
    assert episodes[0].monitored is False


def test_root_folders_report_free_and_total_space(rig: ArrRig) -> None:
    world_folder = rig.world.root_folders["sonarr"][0]
    assert rig.sonarr().root_folders() == [
        RootFolder(
            world_folder.id,
            world_folder.path,
            world_folder.free_space,
            world_folder.total_space,
            accessible=True,
        )
    ]


def test_quality_profiles_and_tags_are_listed(rig: ArrRig) -> None:
    port = rig.sonarr()
    assert port.quality_profiles() == [
        QualityProfile(p.id, p.name) for p in rig.world.quality_profiles
    ]
    assert port.tags() == [ArrTag(t.id, t.label) for t in rig.world.tags]


def test_import_exclusions_are_read_across_every_page(
    rig: ArrRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = rig.sonarr_app.sonarr.state
    for n in range(5):
        state.foreign_exclusions[10 + n] = (900_000 + n, f"Gone {n}", 0)
    monkeypatch.setattr(arr_adapter, "EXCLUSION_PAGE_SIZE", 2)
    exclusions = rig.sonarr().import_exclusions()
    assert [(e.id, e.external_id, e.title) for e in exclusions] == [
        (10 + n, 900_000 + n, f"Gone {n}") for n in range(5)
    ]
    assert {e.kind for e in exclusions} == {ArrKind.SONARR}

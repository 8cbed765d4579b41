"""The Sonarr adapter deletes, (un)monitors, searches and restores in the simulated Sonarr."""

from __future__ import annotations

import pytest

from tendarr.domain.arr import CommandStatus
from tendarr.ports.arr import ArrItemMissing, ArrRequestRejected
from tests.integration.arr.conftest import ArrRig
from tests.integration.arr.world_view import (
    episode_sonarr_id,
    episodes_with_files,
    managed_shows,
    show_with_files,
    sonarr_id,
)


def test_delete_with_files_removes_every_file_and_records_the_exclusion(rig: ArrRig) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world)
    assert episodes_with_files(show)
    port.delete_series(sonarr_id(show), delete_files=True, add_import_exclusion=True)
    assert show.sonarr is None
    assert episodes_with_files(show) == []
    assert [(e.kind, e.item_id) for e in rig.world.exclusions] == [("show", show.id)]
    assert port.series_by_tvdb(show.tvdb_id) is None
    assert [e.external_id for e in port.import_exclusions()] == [show.tvdb_id]


def test_delete_without_files_keeps_them_and_adds_no_exclusion(rig: ArrRig) -> None:
    show = show_with_files(rig.world)
    files = episodes_with_files(show)
    rig.sonarr().delete_series(sonarr_id(show), delete_files=False, add_import_exclusion=False)
    assert show.sonarr is None
    assert episodes_with_files(show) == files
    assert rig.world.exclusions == []


def test_deleting_a_series_already_gone_raises_item_missing(rig: ArrRig) -> None:
    port = rig.sonarr()
    series_id = sonarr_id(show_with_files(rig.world))
    port.delete_series(series_id, delete_files=True, add_import_exclusion=False)
    with pytest.raises(ArrItemMissing, match=f"series {series_id}"):
        port.delete_series(series_id, delete_files=True, add_import_exclusion=False)


def test_deleting_episode_files_removes_only_those_files(rig: ArrRig) -> None:
    port = rig.sonarr()
    shows = [s for s in managed_shows(rig.world) if episodes_with_files(s)][:2]
    assert len(shows) == 2
    doomed = [episodes_with_files(shows[0])[0], episodes_with_files(shows[0])[1]]
    doomed.append(episodes_with_files(shows[1])[0])
    kept = [e for s in shows for e in episodes_with_files(s) if e not in doomed]
    file_ids = [e.file.id for e in doomed if e.file is not None]
    assert port.delete_episode_files(file_ids) == sorted(file_ids)
    assert all(e.file is None for e in doomed)
    assert all(e.file is not None for e in kept)
    listed = {e.id: e for e in port.episodes(sonarr_id(shows[0]))}
    gone = listed[episode_sonarr_id(doomed[0])]
    assert (gone.has_file, gone.file_id, gone.file_size) == (False, None, None)
    # A retry after a crash finds nothing left to delete and says so.
    assert port.delete_episode_files(file_ids) == []


def test_unmonitoring_episodes_round_trips(rig: ArrRig) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world)
    targets = show.episodes()[:3]
    ids = [episode_sonarr_id(e) for e in targets]
    port.set_episodes_monitored(ids, False)
    assert [e.monitored for e in targets] == [False, False, False]
    listed = {e.id: e.monitored for e in port.episodes(sonarr_id(show))}
    assert [listed[i] for i in ids] == [False, False, False]
    assert all(listed[episode_sonarr_id(e)] for e in show.episodes()[3:] if e.monitored)
    port.set_episodes_monitored(ids, True)
    assert [e.monitored for e in targets] == [True, True, True]


def test_unmonitoring_a_season_reaches_its_episodes_and_back(rig: ArrRig) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world)
    first = show.seasons[0]
    port.set_seasons_monitored(sonarr_id(show), {first.number: False})
    series = port.series(sonarr_id(show))
    season = series.season(first.number)
    assert season is not None
    assert season.monitored is False
    assert not any(e.monitored for e in first.episodes)
    assert series.monitored is True
    port.set_seasons_monitored(sonarr_id(show), {first.number: True})
    assert all(e.monitored for e in first.episodes)


def test_unmonitoring_a_series_keeps_season_flags(rig: ArrRig) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world)
    seasons_before = [s.monitored for s in show.seasons]
    port.set_series_monitored(sonarr_id(show), False)
    series = port.series(sonarr_id(show))
    assert series.monitored is False
    assert [s.monitored for s in series.seasons] == seasons_before
    port.set_series_monitored(sonarr_id(show), True)
    assert port.series(sonarr_id(show)).monitored is True


def test_a_season_the_series_lacks_raises_item_missing(rig: ArrRig) -> None:
    show = show_with_files(rig.world)
    with pytest.raises(ArrItemMissing, match="season"):
        rig.sonarr().set_seasons_monitored(sonarr_id(show), {42: False})


def test_episode_search_queues_a_command_that_completes_when_the_file_lands(
    rig: ArrRig,
) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world)
    episode = episodes_with_files(show)[0]
    assert episode.file is not None
    port.delete_episode_files([episode.file.id])
    command = port.search_episodes([episode_sonarr_id(episode)])
    assert (command.name, command.status) == ("EpisodeSearch", CommandStatus.QUEUED)
    record = rig.sonarr_app.sonarr.state.commands.records[command.id]
    assert record.args == {"episodeIds": [episode_sonarr_id(episode)]}
    assert port.command(command.id).status is CommandStatus.STARTED
    rig.world.advance(rig.world.download_delay.total_seconds())
    done = port.command(command.id)
    assert done.status is CommandStatus.COMPLETED
    assert done.status.finished
    listed = {e.id: e for e in port.episodes(sonarr_id(show))}
    assert listed[episode_sonarr_id(episode)].has_file is True


def test_series_and_season_searches_queue_their_commands(rig: ArrRig) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world)
    series_search = port.search_series(sonarr_id(show))
    season_search = port.search_season(sonarr_id(show), show.seasons[0].number)
    records = rig.sonarr_app.sonarr.state.commands.records
    assert records[series_search.id].spec.name == "SeriesSearch"
    assert records[series_search.id].args == {"seriesId": sonarr_id(show)}
    assert records[season_search.id].args == {
        "seriesId": sonarr_id(show),
        "seasonNumber": show.seasons[0].number,
    }


def test_restoration_clears_the_exclusion_and_adds_the_series_back(rig: ArrRig) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world, seasons=2)
    port.delete_series(sonarr_id(show), delete_files=True, add_import_exclusion=True)
    assert port.remove_import_exclusion(show.tvdb_id) is True
    assert rig.world.exclusions == []
    assert port.remove_import_exclusion(show.tvdb_id) is False
    restored = port.add_series(
        show.tvdb_id,
        quality_profile="Ultra-HD",
        root_folder="/media/tv",
        monitored_seasons={2},
        tags=["keep", "restored"],
        search=True,
    )
    assert (restored.tvdb_id, restored.title, restored.monitored) == (
        show.tvdb_id,
        show.title,
        True,
    )
    assert restored.quality_profile == "Ultra-HD"
    assert restored.root_folder == "/media/tv"
    assert restored.tags == ("keep", "restored")
    assert [(s.number, s.monitored) for s in restored.seasons] == [
        (s.number, s.number == 2) for s in show.seasons
    ]
    assert any(t.label == "restored" for t in rig.world.tags)
    assert port.series_by_tvdb(show.tvdb_id) == restored
    searches = rig.sonarr_app.sonarr.state.commands.records.values()
    assert [(r.spec.name, r.args) for r in searches] == [
        ("SeriesSearch", {"seriesId": restored.id})
    ]


def test_adding_every_season_monitors_them_all(rig: ArrRig) -> None:
    port = rig.sonarr()
    show = show_with_files(rig.world)
    port.delete_series(sonarr_id(show), delete_files=True, add_import_exclusion=False)
    restored = port.add_series(
        show.tvdb_id, quality_profile="HD-1080p", root_folder="/media/tv", search=False
    )
    assert all(s.monitored for s in restored.seasons)
    assert all(e.monitored for e in show.episodes())
    assert rig.sonarr_app.sonarr.state.commands.records == {}


def test_adding_a_series_already_there_is_rejected(rig: ArrRig) -> None:
    show = show_with_files(rig.world)
    with pytest.raises(ArrRequestRejected) as raised:
        rig.sonarr().add_series(show.tvdb_id, quality_profile="Any", root_folder="/media/tv")
    assert raised.value.status == 400


def test_adding_with_an_unknown_profile_is_rejected_before_anything_changes(
    rig: ArrRig,
) -> None:
    unmanaged = next(s for s in rig.world.shows if s.sonarr is None)
    with pytest.raises(ArrRequestRejected, match="no quality profile named 'Potato'"):
        rig.sonarr().add_series(
            unmanaged.tvdb_id, quality_profile="Potato", root_folder="/media/tv"
        )
    assert unmanaged.sonarr is None

"""Find a title in Sonarr/Radarr and carry out the deletion there, idempotently.

Found by TVDB id (shows, seasons, episodes) or TMDB id (movies), never by title; the title
and year are then checked against the *arr's (field notes R7) so a wrong id mapping skips
instead of deleting something else. Seasons and episodes never delete the series: their
files are deleted and they are unmonitored so they are not grabbed again. An instance that
fails raises: a transient failure never falls through to another method.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from tendarr.domain.arr import ArrKind
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.domain.rules import DueAction
from tendarr.ports.arr import ArrItemMissing
from tendarr.ports.arr_store import ArrFactory
from tendarr.ports.deletion_reads import DeletionSubject


class TargetMismatch(Exception):
    """The *arr item found by id does not look like the library item: never act on it."""


@dataclass(frozen=True)
class ArrTarget:
    """Where a title lives in one Sonarr/Radarr and what restoring it would need."""

    instance_id: str
    instance_name: str
    kind: str  # sonarr | radarr
    item_id: int  # series or movie id
    external_id: int  # TVDB id (Sonarr) or TMDB id (Radarr)
    title: str
    year: int | None
    quality_profile: str | None
    root_folder: str | None
    tags: tuple[str, ...]
    monitored_seasons: tuple[int, ...]
    size: int | None
    episode_ids: tuple[int, ...] = ()
    file_ids: tuple[int, ...] = ()
    season_number: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the target as JSON for the checkpoint."""
        raw = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in raw.items()}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ArrTarget:
        """Read a target back from a checkpoint."""
        fields = dict(raw)
        for name in ("tags", "monitored_seasons", "episode_ids", "file_ids"):
            fields[name] = tuple(fields.get(name) or ())
        return cls(**{k: v for k, v in fields.items() if k in cls.__dataclass_fields__})


def _normal(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", re.sub(r"^(the|a|an)\s+", "", folded))


def check_same_title(ours: str, ours_year: int | None, theirs: str, year: int | None) -> None:
    """Raise ``TargetMismatch`` unless the titles agree and the years are within one."""
    a, b = _normal(ours), _normal(theirs)
    short, long_ = sorted((a, b), key=len)
    close = a == b or (len(short) >= 4 and short in long_ and len(short) * 2 >= len(long_))
    if not close:
        raise TargetMismatch(f"the *arr calls it {theirs!r}, the library {ours!r}")
    if ours_year is not None and year is not None and abs(ours_year - year) > 1:
        raise TargetMismatch(f"the *arr says {year}, the library {ours_year}")


class ArrDeleter:
    """Resolve and act on Sonarr/Radarr for one subject."""

    def __init__(self, connect: ArrFactory) -> None:
        self._connect = connect

    def resolve(
        self, subject: DeletionSubject, configs: list[ArrInstanceConfig]
    ) -> ArrTarget | None:
        """Return where the subject lives, None when no enabled instance manages it.

        Raises a ``MediaServerError`` when an instance cannot answer, ``TargetMismatch``
        when the id points at a different title.
        """
        if subject.kind == "movie":
            return self._movie(subject, [c for c in configs if c.kind is ArrKind.RADARR])
        return self._series(subject, [c for c in configs if c.kind is ArrKind.SONARR])

    def _movie(
        self, subject: DeletionSubject, configs: list[ArrInstanceConfig]
    ) -> ArrTarget | None:
        if subject.tmdb_id is None:
            return None
        for config in configs:
            movie = self._connect.radarr(config).movie_by_tmdb(subject.tmdb_id)
            if movie is None:
                continue
            check_same_title(subject.title, subject.year, movie.title, movie.year)
            return ArrTarget(
                config.id,
                config.name,
                "radarr",
                movie.id,
                movie.tmdb_id,
                movie.title,
                movie.year,
                movie.quality_profile,
                movie.root_folder,
                movie.tags,
                (),
                movie.size_on_disk,
                file_ids=(movie.file_id,) if movie.file_id else (),
            )
        return None

    def _series(
        self, subject: DeletionSubject, configs: list[ArrInstanceConfig]
    ) -> ArrTarget | None:
        tvdb = subject.tvdb_id if subject.kind == "show" else subject.show_tvdb_id
        title = subject.title if subject.kind == "show" else subject.show_title or ""
        if tvdb is None:
            return None
        for config in configs:
            sonarr = self._connect.sonarr(config)
            series = sonarr.series_by_tvdb(tvdb)
            if series is None:
                continue
            check_same_title(
                title, subject.year if subject.kind == "show" else None, series.title, series.year
            )
            monitored = tuple(s.number for s in series.seasons if s.monitored)
            base = ArrTarget(
                config.id,
                config.name,
                "sonarr",
                series.id,
                series.tvdb_id,
                series.title,
                series.year,
                series.quality_profile,
                series.root_folder,
                series.tags,
                monitored,
                series.size_on_disk,
            )
            if subject.kind == "show":
                return base
            wanted = set(subject.episode_numbers)
            episodes = [
                e
                for e in sonarr.episodes(series.id)
                if (e.season_number, e.episode_number) in wanted
                or (subject.kind == "season" and e.season_number == subject.season_number)
            ]
            sizes = [e.file_size for e in episodes if e.has_file]
            return ArrTarget(
                **{
                    **base.__dict__,
                    "episode_ids": tuple(e.id for e in episodes),
                    "file_ids": tuple(e.file_id for e in episodes if e.file_id is not None),
                    "size": None if None in sizes else sum(s for s in sizes if s is not None),
                    "season_number": subject.season_number,
                }
            )
        return None

    def act(
        self,
        target: ArrTarget,
        subject_kind: str,
        configs: list[ArrInstanceConfig],
        on_due: DueAction,
        import_exclusion: bool,
    ) -> str:
        """Carry out the action; return what was done. Repeating it is harmless."""
        config = next((c for c in configs if c.id == target.instance_id), None)
        if config is None:
            raise ArrItemMissing(f"{target.instance_name} is no longer configured")
        if target.kind == "radarr":
            return self._act_movie(config, target, on_due, import_exclusion)
        return self._act_series(config, target, subject_kind, on_due, import_exclusion)

    def _act_movie(
        self, config: ArrInstanceConfig, target: ArrTarget, on_due: DueAction, exclude: bool
    ) -> str:
        radarr = self._connect.radarr(config)
        if on_due is DueAction.UNMONITOR:
            radarr.set_movie_monitored(target.item_id, False)
            return f"unmonitored in {target.instance_name}"
        try:
            radarr.delete_movie(target.item_id, delete_files=True, add_import_exclusion=exclude)
        except ArrItemMissing:
            return f"already gone from {target.instance_name}"
        suffix = " with an import exclusion" if exclude else ""
        return f"deleted with its files from {target.instance_name}{suffix}"

    def _act_series(
        self,
        config: ArrInstanceConfig,
        target: ArrTarget,
        kind: str,
        on_due: DueAction,
        exclude: bool,
    ) -> str:
        sonarr = self._connect.sonarr(config)
        name = target.instance_name
        if kind == "show":
            if on_due is DueAction.UNMONITOR:
                sonarr.set_series_monitored(target.item_id, False)
                return f"unmonitored in {name}"
            try:
                sonarr.delete_series(
                    target.item_id, delete_files=True, add_import_exclusion=exclude
                )
            except ArrItemMissing:
                return f"already gone from {name}"
            return f"deleted with its files from {name}" + (
                " with an import exclusion" if exclude else ""
            )
        if kind == "season" and target.season_number is not None:
            sonarr.set_seasons_monitored(target.item_id, {target.season_number: False})
        elif target.episode_ids:
            sonarr.set_episodes_monitored(target.episode_ids, False)
        if on_due is DueAction.UNMONITOR:
            return f"unmonitored in {name}"
        deleted = sonarr.delete_episode_files(target.file_ids) if target.file_ids else []
        return f"unmonitored and {len(deleted)} episode file(s) deleted in {name}"

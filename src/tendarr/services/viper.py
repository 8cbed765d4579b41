"""VIPER for the dashboard and the API: every show's bubbles and each episode's decision.

Inputs come from ``ViperInputsBuilder`` (library, household, Sonarr); decisions from the
pure engine (``domain/viper``). This service only reads and explains; the ``viper.run``
job (``services/viper_run.py``) acts on the same decisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tendarr.app_settings import ViperSettings
from tendarr.domain.errors import NotFound
from tendarr.domain.viper.bubble import Bubble
from tendarr.domain.viper.decide import decide_show
from tendarr.domain.viper.order import EpisodeKey, EpisodeOrder
from tendarr.domain.viper.outcome import Action, EpisodeDecision, RedownloadPlan, ShowDecision
from tendarr.ports.clock import Clock
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.viper_inputs import ShowContext, ViperInputs, ViperInputsBuilder

UNDECIDED = "undecided"  # the reason code of a show VIPER cannot decide (kept whole)


@dataclass(frozen=True)
class ViewerView:
    """One viewer on one show: where they are, how fast they go, what they keep."""

    key: str
    name: str
    position: int
    position_label: str
    active: bool
    finished: bool
    last_activity_at: datetime | None
    velocity_per_day: float | None
    velocity_class: str
    samples: int
    ahead: int
    bubble: tuple[int, int] | None  # ordinals kept (first, last); None when empty
    bubble_labels: tuple[str, str] | None
    in_progress: tuple[int, ...]


@dataclass(frozen=True)
class ReasonView:
    """A reason, its viewer (key and name) and its sentence."""

    code: str
    viewer: str | None
    viewer_name: str | None
    text: str


@dataclass(frozen=True)
class EpisodeView:
    """One episode's decision, explained."""

    item_id: int | None
    label: str
    season: int
    episode: int
    ordinal: int | None
    title: str | None
    action: str
    keepers: tuple[str, ...]
    reasons: tuple[ReasonView, ...]
    unmonitor: bool
    redownload: RedownloadPlan | None


@dataclass(frozen=True)
class DownloadView:
    """The search-to-import time a show's plans use, and where it comes from."""

    hours: float
    source: str  # "measured" or "default"
    samples: int  # downloads read from Sonarr's history
    reason: str


@dataclass(frozen=True)
class ShowSummary:
    """A show with its viewers and how many episodes VIPER keeps, frees and fetches."""

    item_id: int
    title: str
    year: int | None
    tvdb_id: int | None
    decided: bool
    episode_count: int
    viewers: tuple[ViewerView, ...]
    kept: int
    deletable: int
    redownload: int  # searched now (due or emergency)
    planned: int  # deleted by Tendarr, searched later
    notes: tuple[str, ...]
    download: DownloadView


@dataclass(frozen=True)
class ShowDetail:
    """One show: its summary and every episode in order."""

    summary: ShowSummary
    decided_at: datetime
    episodes: tuple[EpisodeView, ...]


@dataclass(frozen=True)
class ItemViper:
    """VIPER for one show, season or episode: the show's summary and the item's episodes."""

    show_id: int
    summary: ShowSummary
    episodes: tuple[EpisodeView, ...]


@dataclass(frozen=True)
class DecidedShow:
    """A show's context with its decision (None when it could not be decided)."""

    context: ShowContext
    decision: ShowDecision | None


def decide_all(inputs: ViperInputs, settings: ViperSettings) -> list[DecidedShow]:
    """Decide every show of ``inputs`` at the time they were built."""
    config = settings.engine_config()
    return [
        DecidedShow(c, None if c.input is None else decide_show(c.input, inputs.built_at, config))
        for c in inputs.shows
    ]


class ViperService:
    """Read-only VIPER views: the overview and one show's episodes."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        inputs: ViperInputsBuilder,
        settings: Callable[[], ViperSettings],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._inputs = inputs
        self._settings = settings

    def decide(self, show_id: int | None = None) -> tuple[ViperInputs, list[DecidedShow]]:
        """Build the inputs now and decide every show (or one)."""
        settings = self._settings()
        inputs = self._inputs.build(self._clock.now(), show_id)
        return inputs, decide_all(inputs, settings)

    def overview(self) -> list[ShowSummary]:
        """Return every show somebody watched, with their bubbles and the counts."""
        inputs, decided = self.decide()
        default = self._settings().default_download_hours
        return [_summary(d, inputs.viewer_names, default) for d in decided if d.context.viewers]

    def for_item(self, item_id: int) -> ItemViper | None:
        """VIPER's view of one show, season or episode: the show's viewers and the
        decisions of the episodes under the item; None for a movie or an unknown item."""
        with self._uow() as uow:
            subject = uow.deletion_reads.subject(item_id)
        if subject is None or subject.kind not in {"show", "season", "episode"}:
            return None
        show_id = subject.id if subject.kind == "show" else subject.show_id
        if show_id is None:
            return None
        try:
            detail = self.show(show_id)
        except NotFound:
            return None
        mine = subject.descendant_ids
        episodes = tuple(e for e in detail.episodes if e.item_id is not None and e.item_id in mine)
        return ItemViper(show_id, detail.summary, episodes)

    def show(self, item_id: int) -> ShowDetail:
        """Return one show's episodes with who keeps each and why; NotFound for a non-show."""
        with self._uow() as uow:
            kind = uow.viper.show_kind(item_id)
        if kind != "show":
            raise NotFound(f"show {item_id} does not exist")
        inputs, decided = self.decide(item_id)
        if not decided:
            raise NotFound(f"show {item_id} does not exist")
        found = decided[0]
        names = inputs.viewer_names
        default = self._settings().default_download_hours
        if found.decision is None:
            episodes = tuple(
                _undecided(found.context, key) for key in sorted(found.context.episode_ids)
            )
        else:
            episodes = tuple(_episode(found.context, e, names) for e in found.decision.episodes)
        return ShowDetail(_summary(found, names, default), inputs.built_at, episodes)


def _summary(found: DecidedShow, names: dict[str, str], default_hours: float) -> ShowSummary:
    context, decision = found.context, found.decision
    show = context.show
    time = context.download_time
    download = DownloadView(
        time.hours(default_hours),
        "default" if time.measured is None else "measured",
        time.samples,
        time.reason,
    )
    if decision is None:
        return ShowSummary(
            show.id, show.title, show.year, show.tvdb_id, False, len(context.episode_ids),
            (), len(context.episode_ids), 0, 0, 0, context.notes, download,
        )  # fmt: skip
    counts = Counter(e.action for e in decision.episodes)
    planned = sum(1 for e in decision.episodes if e.action is Action.NONE and e.redownload)
    assert context.input is not None
    order = EpisodeOrder(e.key for e in context.input.episodes)
    viewers = tuple(_viewer(b, order, names) for b in decision.bubbles)
    return ShowSummary(
        item_id=show.id,
        title=show.title,
        year=show.year,
        tvdb_id=show.tvdb_id,
        decided=True,
        episode_count=len(order),
        viewers=viewers,
        kept=counts[Action.KEEP],
        deletable=counts[Action.DELETE],
        redownload=counts[Action.SEARCH],
        planned=planned,
        notes=context.notes,
        download=download,
    )


def _label(order: EpisodeOrder, ordinal: int) -> str:
    return order.key(ordinal).label if 1 <= ordinal <= len(order) else f"#{ordinal}"


def _viewer(bubble: Bubble, order: EpisodeOrder, names: dict[str, str]) -> ViewerView:
    kept = (bubble.start, bubble.end) if bubble.start <= bubble.end and bubble.active else None
    return ViewerView(
        key=bubble.viewer,
        name=names.get(bubble.viewer, bubble.viewer),
        position=bubble.position,
        position_label=_label(order, bubble.position),
        active=bubble.active,
        finished=bubble.finished,
        last_activity_at=bubble.last_activity_at,
        velocity_per_day=bubble.velocity.per_day,
        velocity_class=bubble.velocity.velocity_class.value,
        samples=bubble.velocity.samples,
        ahead=bubble.ahead,
        bubble=kept,
        bubble_labels=None if kept is None else (_label(order, kept[0]), _label(order, kept[1])),
        in_progress=bubble.in_progress,
    )


def _episode(context: ShowContext, decision: EpisodeDecision, names: dict[str, str]) -> EpisodeView:
    key = decision.key
    return EpisodeView(
        item_id=context.episode_ids.get(key),
        label=key.label,
        season=key.season,
        episode=key.episode,
        ordinal=decision.ordinal,
        title=context.episode_titles.get(key),
        action=decision.action.value,
        keepers=decision.keepers,
        reasons=tuple(
            ReasonView(
                r.code.value,
                r.viewer,
                names.get(r.viewer, r.viewer) if r.viewer else None,
                _sentence(r.describe(), r.viewer, names),
            )
            for r in decision.reasons
        ),
        unmonitor=decision.unmonitor,
        redownload=decision.redownload,
    )


def _sentence(text: str, viewer: str | None, names: dict[str, str]) -> str:
    if viewer is None:
        return text
    return text.replace(f"({viewer})", f"({names.get(viewer, viewer)})")


def _undecided(context: ShowContext, key: EpisodeKey) -> EpisodeView:
    why = "; ".join(context.notes) or "VIPER cannot decide this show"
    return EpisodeView(
        item_id=context.episode_ids.get(key),
        label=key.label,
        season=key.season,
        episode=key.episode,
        ordinal=None,
        title=context.episode_titles.get(key),
        action=Action.KEEP.value,
        keepers=(),
        reasons=(ReasonView(UNDECIDED, None, None, f"kept: {why}"),),
        unmonitor=False,
        redownload=None,
    )

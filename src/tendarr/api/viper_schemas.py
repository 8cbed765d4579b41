"""Response models for VIPER: shows with their viewers' bubbles, and each episode's decision."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from tendarr.domain.viper.outcome import RedownloadPlan
from tendarr.services.viper import (
    DownloadView,
    EpisodeView,
    ReasonView,
    ShowDetail,
    ShowSummary,
    ViewerView,
)


class BubbleOut(BaseModel):
    """The ordinals a viewer keeps (inclusive), with their labels."""

    start: int
    end: int
    start_label: str
    end_label: str


class ViewerOut(BaseModel):
    """One viewer on a show."""

    key: str = Field(description="user:<id>, or account:<id> for an unlinked server account")
    name: str
    position: int = Field(description="Ordinal of the current episode (1..N across seasons)")
    position_label: str
    active: bool
    finished: bool
    last_activity_at: datetime | None
    velocity_per_day: float | None
    velocity_class: str = Field(description="measured | estimated | unknown")
    samples: int
    ahead: int = Field(description="Episodes kept ahead of the position")
    bubble: BubbleOut | None = Field(description="None: keeps nothing (finished or inactive)")
    in_progress: list[int]

    @classmethod
    def of(cls, viewer: ViewerView) -> ViewerOut:
        """Build from the service view."""
        bubble = None
        if viewer.bubble is not None and viewer.bubble_labels is not None:
            bubble = BubbleOut(
                start=viewer.bubble[0],
                end=viewer.bubble[1],
                start_label=viewer.bubble_labels[0],
                end_label=viewer.bubble_labels[1],
            )
        return cls(
            key=viewer.key,
            name=viewer.name,
            position=viewer.position,
            position_label=viewer.position_label,
            active=viewer.active,
            finished=viewer.finished,
            last_activity_at=viewer.last_activity_at,
            velocity_per_day=viewer.velocity_per_day,
            velocity_class=viewer.velocity_class,
            samples=viewer.samples,
            ahead=viewer.ahead,
            bubble=bubble,
            in_progress=list(viewer.in_progress),
        )


class DownloadOut(BaseModel):
    """The search-to-import time the show's redownload plans use."""

    hours: float
    source: str = Field(description="measured (from Sonarr's history) | default (the setting)")
    samples: int = Field(description="Downloads read from Sonarr's history")
    reason: str = Field(description="Where the value comes from, or why the default is used")

    @classmethod
    def of(cls, download: DownloadView) -> DownloadOut:
        """Build from the service view."""
        return cls(
            hours=download.hours,
            source=download.source,
            samples=download.samples,
            reason=download.reason,
        )


class ShowSummaryOut(BaseModel):
    """A show on the VIPER dashboard."""

    item_id: int
    title: str
    year: int | None
    tvdb_id: int | None
    decided: bool = Field(description="False: VIPER cannot decide it and keeps it whole")
    episode_count: int
    viewers: list[ViewerOut]
    kept: int
    deletable: int
    redownload: int = Field(description="Deleted by Tendarr, to be searched now")
    planned: int = Field(description="Deleted by Tendarr, to be searched later")
    notes: list[str] = Field(description="Unknown sources, each of which keeps episodes")
    download: DownloadOut

    @classmethod
    def of(cls, summary: ShowSummary) -> ShowSummaryOut:
        """Build from the service summary."""
        return cls(
            item_id=summary.item_id,
            title=summary.title,
            year=summary.year,
            tvdb_id=summary.tvdb_id,
            decided=summary.decided,
            episode_count=summary.episode_count,
            viewers=[ViewerOut.of(v) for v in summary.viewers],
            kept=summary.kept,
            deletable=summary.deletable,
            redownload=summary.redownload,
            planned=summary.planned,
            notes=list(summary.notes),
            download=DownloadOut.of(summary.download),
        )


class ReasonOut(BaseModel):
    """Why an episode gets its action."""

    code: str
    viewer: str | None
    viewer_name: str | None
    text: str

    @classmethod
    def of(cls, reason: ReasonView) -> ReasonOut:
        """Build from the service view."""
        return cls(
            code=reason.code, viewer=reason.viewer, viewer_name=reason.viewer_name, text=reason.text
        )


class RedownloadOut(BaseModel):
    """When a deleted episode is re-monitored and searched, and for whom."""

    viewer: str
    need_at: datetime
    search_at: datetime
    tier: str = Field(description="planned | due | emergency")

    @classmethod
    def of(cls, plan: RedownloadPlan) -> RedownloadOut:
        """Build from the engine's plan."""
        return cls(
            viewer=plan.viewer, need_at=plan.need_at, search_at=plan.search_at, tier=plan.tier.value
        )


class EpisodeOut(BaseModel):
    """One episode's decision."""

    item_id: int | None = Field(description="Library item; None when no server has it")
    label: str
    season: int
    episode: int
    ordinal: int | None = Field(description="None for specials (outside the order)")
    title: str | None
    action: str = Field(description="keep | delete | search | none")
    keepers: list[str] = Field(description="Viewer keys who keep it")
    unmonitor: bool
    reasons: list[ReasonOut]
    redownload: RedownloadOut | None

    @classmethod
    def of(cls, episode: EpisodeView) -> EpisodeOut:
        """Build from the service view."""
        return cls(
            item_id=episode.item_id,
            label=episode.label,
            season=episode.season,
            episode=episode.episode,
            ordinal=episode.ordinal,
            title=episode.title,
            action=episode.action,
            keepers=list(episode.keepers),
            unmonitor=episode.unmonitor,
            reasons=[ReasonOut.of(r) for r in episode.reasons],
            redownload=RedownloadOut.of(episode.redownload) if episode.redownload else None,
        )


class ShowDetailOut(ShowSummaryOut):
    """One show with every episode in order."""

    decided_at: datetime
    episodes: list[EpisodeOut]

    @classmethod
    def detail(cls, detail: ShowDetail) -> ShowDetailOut:
        """Build from the service detail."""
        return cls(
            **ShowSummaryOut.of(detail.summary).model_dump(),
            decided_at=detail.decided_at,
            episodes=[EpisodeOut.of(e) for e in detail.episodes],
        )

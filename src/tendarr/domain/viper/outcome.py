"""What VIPER decides: per episode an action with its reasons, per show the bubbles.

VIPER never acts itself (D14): a DELETE is a candidate for the shared deletion pipeline
(queue, notice, cap, dry-run gate, audit); a SEARCH asks for a re-monitor and a search.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.viper.bubble import Bubble
from tendarr.domain.viper.order import EpisodeKey


class Action(enum.StrEnum):
    """What to do with one episode now."""

    KEEP = "keep"  # on disk, and stays
    DELETE = "delete"  # on disk, deletable: delete the file and unmonitor the episode
    SEARCH = "search"  # deleted by Tendarr and needed soon: monitor it and search now
    NONE = "none"  # no file and nothing to do now (a redownload may be planned later)


class ReasonCode(enum.StrEnum):
    """Why an episode gets its action (the text is in ``REASON_TEXT``)."""

    IN_BUBBLE = "in_bubble"
    IN_PROGRESS = "in_progress"
    PLAYING = "playing"
    PROTECTED = "protected"
    GRACE = "grace"
    SPECIAL = "special"
    NEEDED_SOON = "needed_soon"
    NOT_REDOWNLOADABLE = "not_redownloadable"
    UNWATCHED = "unwatched"
    UNKNOWN_WATCH_DATA = "unknown_watch_data"
    UNKNOWN_EPISODE = "unknown_episode"
    UNKNOWN_PLAYING = "unknown_playing"
    UNKNOWN_PROTECTION = "unknown_protection"
    UNKNOWN_FILE = "unknown_file"
    UNKNOWN_REDOWNLOAD = "unknown_redownload"
    EVERYONE_PAST = "everyone_past"
    AHEAD_OF_VIEWERS = "ahead_of_viewers"
    REDOWNLOAD_DUE = "redownload_due"
    REDOWNLOAD_PLANNED = "redownload_planned"
    NOT_OURS = "not_ours"
    NOT_NEEDED = "not_needed"


REASON_TEXT: dict[ReasonCode, str] = {
    ReasonCode.IN_BUBBLE: "inside an active viewer's bubble",
    ReasonCode.IN_PROGRESS: "an active viewer is partway through it",
    ReasonCode.PLAYING: "playing now",
    ReasonCode.PROTECTED: "protected (show, season or episode)",
    ReasonCode.GRACE: "inside a watchlist or request grace window",
    ReasonCode.SPECIAL: "a special: outside the episode order, left to cleanup rules",
    ReasonCode.NEEDED_SOON: "a viewer behind it would reach it before a redownload is back",
    ReasonCode.NOT_REDOWNLOADABLE: "a viewer still needs it and Sonarr cannot fetch it again",
    ReasonCode.UNWATCHED: "nobody watched it and no active viewer is heading to it",
    ReasonCode.UNKNOWN_WATCH_DATA: "watch history is unknown (never synced or failed)",
    ReasonCode.UNKNOWN_EPISODE: "watch data names an episode Sonarr does not list",
    ReasonCode.UNKNOWN_PLAYING: "whether it is playing now is unknown",
    ReasonCode.UNKNOWN_PROTECTION: "whether the show is protected is unknown",
    ReasonCode.UNKNOWN_FILE: "whether Sonarr has a file for it is unknown",
    ReasonCode.UNKNOWN_REDOWNLOAD: "whether Sonarr can fetch it again is unknown",
    ReasonCode.EVERYONE_PAST: "every active viewer is past it",
    ReasonCode.AHEAD_OF_VIEWERS: "outside every bubble; back before any viewer needs it",
    ReasonCode.REDOWNLOAD_DUE: "a viewer needs it soon: monitor and search now",
    ReasonCode.REDOWNLOAD_PLANNED: "a viewer will need it: monitor and search later",
    ReasonCode.NOT_OURS: "no file, and Tendarr did not remove it",
    ReasonCode.NOT_NEEDED: "no file, and no active viewer is heading to it",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason, with the viewer it concerns when there is one."""

    code: ReasonCode
    viewer: str | None = None

    def describe(self) -> str:
        """Return the reason as a sentence for the explain view."""
        text = REASON_TEXT[self.code]
        return f"{text} ({self.viewer})" if self.viewer else text


class Tier(enum.StrEnum):
    """How urgent a redownload is."""

    PLANNED = "planned"  # search later, at ``search_at``
    DUE = "due"  # search now
    EMERGENCY = "emergency"  # the viewer needs it within the emergency window


@dataclass(frozen=True, slots=True)
class RedownloadPlan:
    """When to re-monitor and search an episode so it is back before ``viewer`` needs it."""

    viewer: str  # the first active viewer to need it
    need_at: datetime  # when they are expected to reach it
    search_at: datetime  # need_at - (lead + download time)
    tier: Tier


@dataclass(frozen=True, slots=True)
class EpisodeDecision:
    """One episode's action, why, and (for deletions ahead of viewers) its way back."""

    key: EpisodeKey
    ordinal: int | None  # None for specials
    action: Action
    reasons: tuple[Reason, ...]
    redownload: RedownloadPlan | None = None

    @property
    def unmonitor(self) -> bool:
        """Return whether Sonarr must unmonitor it (every VIPER deletion, so no re-grab)."""
        return self.action is Action.DELETE

    @property
    def keepers(self) -> tuple[str, ...]:
        """Return the viewers who keep this episode (bubble, progress or need)."""
        if self.action is not Action.KEEP:
            return ()
        return tuple(dict.fromkeys(r.viewer for r in self.reasons if r.viewer is not None))


@dataclass(frozen=True, slots=True)
class ShowDecision:
    """Every episode's decision for one show, with the viewers' bubbles."""

    tvdb_id: int
    decided_at: datetime
    bubbles: tuple[Bubble, ...]
    episodes: tuple[EpisodeDecision, ...]

    def with_action(self, action: Action) -> tuple[EpisodeDecision, ...]:
        """Return the decisions with ``action``, in episode order."""
        return tuple(e for e in self.episodes if e.action is action)

    def decision(self, key: EpisodeKey) -> EpisodeDecision:
        """Return the decision for ``key``; KeyError when the show has no such episode."""
        for entry in self.episodes:
            if entry.key == key:
                return entry
        raise KeyError(key.label)

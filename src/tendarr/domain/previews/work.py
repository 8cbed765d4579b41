"""Preview work as jobs see it: per-file statuses, item references and retry spacing."""

from __future__ import annotations

import enum
from dataclasses import dataclass

PATHS_JOB = "previews.paths"  # manual paths, webhook batches and not-indexed retries
LIBRARY_JOB = "previews.library"  # every file of enabled libraries with missing/stale previews
RECENT_JOB = "previews.recent"  # files added within a look-back window
PREVIEW_QUEUE = "media"  # where GPU workers listen


class FileStatus(enum.StrEnum):
    """What a preview job did with one file."""

    GENERATED = "generated"
    FRESH = "fresh"  # previews already up to date; nothing decoded
    EXCLUDED = "excluded"  # an exclusion rule or no server wants previews for it
    NOT_INDEXED = "not_indexed"  # a media server does not know the file yet; retried later
    FAILED = "failed"


@dataclass(frozen=True)
class ItemRef:
    """A media server's item (Plex ratingKey, Jellyfin/Emby id) whose files need previews."""

    server_id: str
    native_id: str

    def as_payload(self) -> dict[str, str]:
        """Return the item as job payload data."""
        return {"server_id": self.server_id, "native_id": self.native_id}


def retry_delay_seconds(attempt: int, base_seconds: float, cap_seconds: float = 3600.0) -> float:
    """Return the wait before retry ``attempt`` (1-based) of a not-yet-indexed file."""
    if attempt < 1:
        raise ValueError("attempt is 1-based")
    return float(min(cap_seconds, base_seconds * 2 ** (attempt - 1)))

"""What preview placement needs from the media servers themselves.

Plex: the MediaPart hash of one file (``/library/metadata/{id}/tree``). Jellyfin: whether a
library keeps tiles written beside the media, and registration of those tiles through the
Media Preview Bridge plugin. Emby needs nothing: it finds sidecars by name.

Failures raise ``MediaServerError`` subclasses (``tendarr.ports.media_server``); "not there
yet" is ``None``, never an exception and never an empty value that reads as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tendarr.domain.previews.readiness import TrickplayReadiness
from tendarr.domain.servers import ServerConfig


class PlexPartHashes(Protocol):
    """Look up a Plex MediaPart hash."""

    def part_hash(self, native_item_id: str, remote_path: str) -> str | None:
        """Return the hash of the item's part whose file is ``remote_path``.

        None when Plex has no such item or part, or has not analysed the file yet (no
        hash): the caller retries later. Multi-version and stacked items have one part per
        file; only an exact file match counts, since a BIF in another part's bundle shows
        the wrong pictures.
        """
        ...


@dataclass(frozen=True)
class TrickplayRegistration:
    """Whether Jellyfin was told about new tiles, and what the admin should know."""

    registered: bool
    message: str


class JellyfinTrickplay(Protocol):
    """Check a Jellyfin library's trickplay flags and register written tiles."""

    def trickplay_readiness(self, library_id: str) -> TrickplayReadiness:
        """Return the library's trickplay flags and whether the bridge plugin is running."""
        ...

    def register_trickplay(
        self, item_id: str, width: int, interval_ms: int, *, library_id: str
    ) -> TrickplayRegistration:
        """Register tiles beside the media through the bridge plugin.

        Without a running plugin nothing is sent: the answer is not registered, with the
        library's readiness advice (which flags let Jellyfin import the tiles itself).
        """
        ...


class PreviewPlacementFactory(Protocol):
    """Build the placement adapters for a configured server (the composition root's job)."""

    def plex(self, config: ServerConfig) -> PlexPartHashes:
        """Return the hash lookup of a Plex server."""
        ...

    def jellyfin(self, config: ServerConfig) -> JellyfinTrickplay:
        """Return the trickplay side of a Jellyfin server."""
        ...

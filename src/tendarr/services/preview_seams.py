"""What preview jobs need from placement and the engine, as Protocols.

``TargetResolver`` is satisfied by ``services.preview_targets.PreviewTargets`` (where each
server wants a local file's previews); ``PreviewGenerating`` by
``services.generate_previews.PreviewGenerator``; ``SourceStamper`` by the engine's
``PreviewStore``. Tests use typed fakes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from tendarr.app_settings import PreviewsSettings
from tendarr.domain.previews.fingerprint import SourceStamp
from tendarr.domain.previews.outcome import PreviewOutcome
from tendarr.domain.previews.plans import PreviewRequest
from tendarr.ports.previews import ProgressCallback


class TargetResolution(Protocol):
    """The previews a local file needs, and why servers that want none said so."""

    @property
    def request(self) -> PreviewRequest | None:
        """Return what to generate (None: nothing to generate now)."""
        ...

    @property
    def reasons(self) -> dict[str, str]:
        """Return, per server id, why it wants no previews for this file (or not yet)."""
        ...

    @property
    def not_indexed(self) -> bool:
        """Return whether some server owns the path but has not indexed the file yet."""
        ...


class TargetResolver(Protocol):
    """Works out the outputs (Plex bundle, Emby sidecar, Jellyfin folder) of a local file."""

    def for_path(self, local_path: str, settings: PreviewsSettings) -> TargetResolution:
        """Return the request for ``local_path``; may ask media servers (raising their errors)."""
        ...


class PreviewGenerating(Protocol):
    """Generates one file's previews (the engine)."""

    def generate(
        self,
        request: PreviewRequest,
        *,
        known_fingerprint: str | None = None,
        force: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> PreviewOutcome:
        """Return GENERATED, FRESH or FAILED for ``request.source``."""
        ...


class SourceStamper(Protocol):
    """Reads a source's size and modification time."""

    def stamp(self, source: Path) -> SourceStamp:
        """Return the stamp; raise (OSError or a PreviewError) when it cannot be read."""
        ...

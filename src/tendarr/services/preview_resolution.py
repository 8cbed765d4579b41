"""Adapt placement (``PreviewTargets``) to what preview jobs ask (``TargetResolver``).

The jobs' settings say which formats are wanted per server kind; a server whose format is
switched off gets nothing, as if it held no copy. Jellyfin tiles are registered with the
server after each generated file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tendarr.app_settings import PreviewsSettings
from tendarr.domain.media import ServerKind
from tendarr.domain.previews.outcome import PreviewOutcome
from tendarr.domain.previews.placement import PlacementSettings
from tendarr.domain.previews.plans import PreviewRequest
from tendarr.services.preview_targets import PreviewTargets, TargetResolution


def placement_settings(settings: PreviewsSettings) -> PlacementSettings:
    """Return the placement settings of the stored preview settings."""
    return PlacementSettings(
        preview=settings.engine_settings(),
        bif_width=settings.bif_width,
        trickplay_width=settings.trickplay_width,
    )


@dataclass(frozen=True)
class Resolution:
    """A resolution in the shape preview jobs read."""

    placement: TargetResolution
    request: PreviewRequest | None
    reasons: dict[str, str]
    not_indexed: bool


class PlacementResolver:
    """The ``TargetResolver`` of the running app, over ``PreviewTargets``."""

    def __init__(self, targets: PreviewTargets) -> None:
        self._targets = targets

    def for_path(self, local_path: str, settings: PreviewsSettings) -> Resolution:
        """Return what to generate for ``local_path`` under the enabled formats."""
        found = self._targets.for_path(local_path, placement_settings(settings))
        wanted = {
            ServerKind.PLEX: settings.formats.plex,
            ServerKind.EMBY: settings.formats.emby,
            ServerKind.JELLYFIN: settings.formats.jellyfin,
        }
        kept = {t.output for t in found.targets if wanted[t.kind]}
        request = replace(
            found.request,
            bifs=tuple(b for b in found.request.bifs if b.path in kept),
            trickplay=tuple(t for t in found.request.trickplay if t.directory in kept),
        )
        reasons = {h.server_id: h.message for h in found.holds}
        for target in found.targets:
            if not wanted[target.kind]:
                reasons[target.server_id] = f"{target.kind.value} previews are switched off"
        return Resolution(found, None if request.empty else request, reasons, found.retry_later)

    def published(
        self, resolution: object, outcome: PreviewOutcome, settings: PreviewsSettings
    ) -> None:
        """Tell Jellyfin servers about tiles just written."""
        if isinstance(resolution, Resolution):
            self._targets.register(resolution.placement, placement_settings(settings))

"""Freshness: a fingerprint of the source file and of every setting that changes the output.

A preview is fresh when the fingerprint stored with it equals the one computed now. The
source part is size and modification time (cheap, and what changes when Sonarr/Radarr
replace a file); the settings part covers interval, widths, sheet grids, JPEG quality,
allowed drift, tone mapping and the pipeline version, so a settings change regenerates.
Which device decoded (GPU or CPU) is deliberately not part of it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from tendarr.domain.previews.plans import PreviewRequest

# Bump when a change to the engine changes the pictures it produces.
PIPELINE_VERSION = 1


@dataclass(frozen=True)
class SourceStamp:
    """The identity of a source file's content, as cheaply as the filesystem gives it."""

    size: int
    mtime_ns: int


def settings_key(request: PreviewRequest) -> dict[str, object]:
    """Return the output-shaping settings of a request as plain data."""
    settings = request.settings
    return {
        "pipeline": PIPELINE_VERSION,
        "interval_s": settings.interval_s,
        "quality": settings.quality,
        "max_drift_s": settings.max_drift_s,
        "tonemap": settings.tonemap.value,
        "bif_widths": sorted(target.width for target in request.bifs),
        "trickplay": sorted(
            (target.width, target.grid.columns, target.grid.rows) for target in request.trickplay
        ),
    }


def preview_fingerprint(source: SourceStamp, request: PreviewRequest) -> str:
    """Return a stable hex fingerprint of the source stamp and the request's settings."""
    payload = {"size": source.size, "mtime_ns": source.mtime_ns, **settings_key(request)}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return f"v{PIPELINE_VERSION}-" + hashlib.sha256(canonical.encode()).hexdigest()[:32]

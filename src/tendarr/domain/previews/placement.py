"""Where each media server wants a file's previews, and how paths cross between hosts.

* Plex reads ``<config>/Media/localhost/<h[0]>/<h[1:]>.bundle/Contents/Indexes/index-sd.bif``
  where ``h`` is the 40-hex hash of the item's MediaPart (field notes §3.1).
* Emby reads a sidecar ``<stem>-<width>-<interval>.bif`` next to the media (§4).
* Jellyfin reads ``<stem>.trickplay/<width> - 10x10/N.jpg`` next to the media (§5.1).

Path mappings are per server (``PathMapping``): ``remote_prefix`` is how the server sees a
folder, ``local_prefix`` how Tendarr sees it and ``webhook_prefixes`` how Sonarr/Radarr
report it. Prefixes match whole path segments and the longest one wins; several remote
roots may share one local root (mergerfs), so a local path can stand for several server
paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tendarr.domain.media import ServerKind
from tendarr.domain.previews.plans import sidecar_bif_name, trickplay_directory
from tendarr.domain.previews.settings import DEFAULT_WIDTH, PreviewSettings, check_width
from tendarr.domain.previews.trickplay import TileGrid
from tendarr.domain.servers import PathMapping, ServerConfig

PART_HASH = re.compile(r"^[0-9a-f]{40}$")
PLEX_INDEX_NAME = "index-sd.bif"


@dataclass(frozen=True)
class PlacementSettings:
    """How a file's previews are generated and how wide each server's outputs are."""

    preview: PreviewSettings = field(default_factory=PreviewSettings)
    bif_width: int = DEFAULT_WIDTH  # Plex bundles and Emby sidecars
    trickplay_width: int = DEFAULT_WIDTH  # Jellyfin tile sheets
    server_widths: Mapping[str, int] = field(default_factory=dict)  # per-server override

    def __post_init__(self) -> None:
        for width in (self.bif_width, self.trickplay_width, *self.server_widths.values()):
            check_width(width)

    def width_for(self, server: ServerConfig) -> int:
        """Return the thumbnail width this server's previews use."""
        default = self.trickplay_width if server.kind is ServerKind.JELLYFIN else self.bif_width
        return self.server_widths.get(server.id, default)


def is_part_hash(value: str) -> bool:
    """Return whether ``value`` looks like a Plex MediaPart hash (40 lowercase hex)."""
    return PART_HASH.match(value) is not None


def plex_bundle_path(config_folder: str | Path, part_hash: str) -> Path:
    """Return where Plex reads the BIF of the MediaPart with hash ``part_hash``.

    ``config_folder`` is the "Plex Media Server" folder as Tendarr sees it (the one that
    holds ``Cache``, ``Media`` and ``Metadata``).
    """
    if not is_part_hash(part_hash):
        raise ValueError(f"not a Plex MediaPart hash: {part_hash!r}")
    return (
        Path(config_folder)
        / "Media"
        / "localhost"
        / part_hash[0]
        / f"{part_hash[1:]}.bundle"
        / "Contents"
        / "Indexes"
        / PLEX_INDEX_NAME
    )


def emby_sidecar_path(media: Path, width: int, interval_s: int) -> Path:
    """Return ``<media dir>/<stem>-<width>-<interval>.bif``, the name Emby looks for."""
    return media.with_name(sidecar_bif_name(media.stem, width, interval_s))


def jellyfin_trickplay_path(media: Path, width: int, grid: TileGrid = TileGrid()) -> Path:
    """Return ``<media dir>/<stem>.trickplay/<width> - <C>x<R>`` (saved with the media)."""
    return trickplay_directory(media.parent, media.stem, width, grid)


def covers(path: str, prefix: str) -> bool:
    """Return whether ``prefix`` is ``path`` or one of its parent folders (whole segments)."""
    base = prefix.rstrip("/")
    return path == base or path.startswith(base + "/")


def _swap(path: str, old: str, new: str) -> str:
    return new.rstrip("/") + path[len(old.rstrip("/")) :]


def _longest(path: str, prefixes: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the (matched, replacement) pairs whose matched prefix is longest."""
    found = [(old, new) for old, new in prefixes if covers(path, old)]
    if not found:
        return []
    best = max(len(old.rstrip("/")) for old, _ in found)
    return [(old, new) for old, new in found if len(old.rstrip("/")) == best]


def map_to_remote(path: str, mappings: Iterable[PathMapping]) -> tuple[str, ...]:
    """Return every server path a local path can be, or () when no mapping covers it.

    The longest matching local prefix wins; mappings that share it (several server roots
    merged into one local folder) each give a candidate, in configuration order.
    """
    pairs = ((m.local_prefix, m.remote_prefix) for m in mappings)
    candidates = [_swap(path, old, new) for old, new in _longest(path, pairs)]
    return tuple(dict.fromkeys(candidates))


def webhook_to_local(path: str, mappings: Iterable[PathMapping]) -> str | None:
    """Return the local path of a path as Sonarr/Radarr report it (``webhook_prefixes``)."""
    pairs = (
        (hook, m.local_prefix) for m in mappings for hook in m.webhook_prefixes if hook.strip()
    )
    found = _longest(path, pairs)
    return _swap(path, *found[0]) if found else None


def server_paths(path: str, mappings: tuple[PathMapping, ...]) -> tuple[str, ...]:
    """Return where a server may see a local file: mapped, or unchanged without mappings."""
    return map_to_remote(path, mappings) if mappings else (path,)


PLEX_MARKERS = ("Media", "Metadata")  # a Plex data folder also holds Cache, Plug-ins, ...
_PLEX_DEEPER = ("Plex Media Server", "Library/Application Support/Plex Media Server")
_PLEX_TOO_DEEP = ("/Media/localhost", "/Media", "/Metadata", "/Cache")


def plex_config_problem(folder: str | None, exists: Callable[[str], bool]) -> str | None:
    """Return why ``folder`` is not a usable Plex data folder (with the fix), or None.

    The right folder is the one named "Plex Media Server" that holds ``Media`` and
    ``Metadata``; setting the level above or below it is a common mistake.
    """
    if not folder:
        return (
            "no Plex config folder is set: set it to the 'Plex Media Server' folder as "
            "Tendarr sees it (the one holding Cache, Media and Metadata)"
        )
    base = folder.rstrip("/") or "/"
    if all(exists(f"{base}/{marker}") for marker in PLEX_MARKERS):
        return None
    for deeper in _PLEX_DEEPER:
        if exists(f"{base}/{deeper}/Media"):
            return f"the Plex config folder is one level too high: use {base}/{deeper}"
    for tail in _PLEX_TOO_DEEP:
        if base.endswith(tail) and exists(base[: -len(tail)] + "/Media"):
            return f"the Plex config folder is too deep: use {base[: -len(tail)]}"
    if not exists(base):
        return f"the Plex config folder {base} does not exist here (check the volume mount)"
    return (
        f"{base} has no Media and Metadata folders: it is not the 'Plex Media Server' data folder"
    )

"""The PlexPartHashes port: a file's MediaPart hash from ``/library/metadata/{id}/tree``."""

from __future__ import annotations

from collections.abc import Iterator

from tendarr.domain.previews.placement import is_part_hash
from tendarr.integrations._http import RequestRefused
from tendarr.integrations.plex.client import PlexClient, PlexRequestRefused
from tendarr.integrations.plex.models import PlexPayloadError, Row, container, opt_str, rows
from tendarr.ports.media_server import ServerResponseInvalid

_KEY_PREFIX = "/library/metadata/"


def bare_rating_key(native_id: str) -> str:
    """Return ``54321`` for ``54321`` or ``/library/metadata/54321`` (the doubled form 404s)."""
    key = native_id.removeprefix(_KEY_PREFIX).strip("/")
    if not key.isdigit():
        raise ValueError(f"not a Plex ratingKey: {native_id!r}")
    return key


def tree_parts(node: Row) -> Iterator[Row]:
    """Yield every MediaPart below a tree node, nested items included."""
    for media_key, part_key in (("MediaItem", "MediaPart"), ("Media", "Part")):
        for media in rows(node, media_key):
            yield from rows(media, part_key)
    for child in rows(node, "MetadataItem"):
        yield from tree_parts(child)


def hash_for_file(tree: object, remote_path: str) -> str | None:
    """Return the hash of the part whose ``file`` is ``remote_path`` in a ``/tree`` answer.

    None when no part has that file or the part has no hash yet (not analysed).
    """
    for part in tree_parts(container(tree)):
        if opt_str(part, "file") != remote_path:
            continue
        value = (opt_str(part, "hash") or "").lower()
        if not value:
            return None
        if not is_part_hash(value):
            raise PlexPayloadError(f"MediaPart hash {value!r} is not 40 hex digits")
        return value
    return None


class PlexPartHashLookup:
    """Answer ``part_hash`` for one Plex server."""

    def __init__(self, client: PlexClient) -> None:
        self._client = client

    def part_hash(self, native_item_id: str, remote_path: str) -> str | None:
        """Return the hash of the item's part at ``remote_path``; None if not (yet) there."""
        try:
            key = bare_rating_key(native_item_id)
        except ValueError as err:
            raise ServerResponseInvalid(str(err)) from err
        try:
            body = self._client.item_tree(key)
        except PlexRequestRefused as err:
            cause = err.__cause__
            if isinstance(cause, RequestRefused) and cause.status == 404:
                return None  # the item is gone or renumbered: the next library sync knows
            raise
        try:
            return hash_for_file(body, remote_path)
        except PlexPayloadError as err:
            raise ServerResponseInvalid(f"Plex sent an unexpected tree: {err}") from err

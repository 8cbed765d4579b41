"""The path tester: for any path, which servers own it, where Tendarr finds it, and hints.

Path confusion (server path ≠ container path ≠ webhook path, or a Plex folder set at the
wrong level) is the field's most common support problem, so every answer says what was
matched and, when nothing exists, what would probably fix it. Pure logic over the server
configurations and an injected ``exists`` function.
"""

from __future__ import annotations

import enum
import posixpath
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tendarr.domain.previews.placement import covers, map_to_remote, webhook_to_local
from tendarr.domain.servers import PathMapping, ServerConfig, map_to_local
from tendarr.ports.repositories import UnitOfWorkFactory

Exists = Callable[[str], bool]
# Where containers commonly mount media; tried when a path does not exist as given.
COMMON_ROOTS = ("/data", "/media", "/mnt", "/mnt/media", "/mnt/user", "/storage", "/share", "/srv")
MAX_SWAPPED_SEGMENTS = 3
MAX_SUGGESTIONS = 6


class Role(enum.StrEnum):
    """How the path was recognised for a server."""

    SERVER = "server"  # a path the server reports (remote_prefix)
    WEBHOOK = "webhook"  # a path Sonarr/Radarr report (webhook_prefixes)
    LOCAL = "local"  # a path as Tendarr sees it (local_prefix)
    UNMAPPED = "unmapped"  # the server has no mappings: it sees Tendarr's paths unchanged


class SuggestionKind(enum.StrEnum):
    """What a suggestion is about."""

    ROOT_SWAP = "root_swap"  # the file exists under another root: a mapping would fix it
    PREFIX_NEAR_MISS = "prefix_near_miss"  # a mapping prefix differs only by case, slashes…
    NEAREST_PARENT = "nearest_parent"  # the deepest folder that does exist


@dataclass(frozen=True)
class PathOwnerMatch:
    """One server that owns the path: the server's path(s), Tendarr's path, existence."""

    server_id: str
    server_name: str
    role: Role
    remote_paths: tuple[str, ...]
    local_path: str
    exists: bool


@dataclass(frozen=True)
class Suggestion:
    """A likely fix, with the mapping that would apply it when there is one."""

    kind: SuggestionKind
    message: str
    server_id: str | None = None
    mapping: PathMapping | None = None


@dataclass(frozen=True)
class PathReport:
    """Everything the tester found for one path."""

    path: str
    owners: tuple[PathOwnerMatch, ...]
    exists: bool  # the path itself or any owner's local path exists
    suggestions: tuple[Suggestion, ...]

    @property
    def local_paths(self) -> tuple[str, ...]:
        """Return the distinct local paths the owners give."""
        return tuple(dict.fromkeys(o.local_path for o in self.owners))


def inspect_path(path: str, servers: Sequence[ServerConfig], exists: Exists) -> PathReport:
    """Return which servers own ``path``, the local path, whether it exists, and hints."""
    owners = tuple(m for s in servers for m in _matches(path, s, exists))
    found = any(o.exists for o in owners) or exists(path)
    suggestions: tuple[Suggestion, ...] = ()
    if not found:
        suggestions = _suggest(path, owners, servers, exists)
    return PathReport(path, owners, found, suggestions)


def _matches(path: str, server: ServerConfig, exists: Exists) -> list[PathOwnerMatch]:
    mappings = server.path_mappings

    def match(role: Role, remotes: tuple[str, ...], local: str) -> PathOwnerMatch:
        return PathOwnerMatch(server.id, server.name, role, remotes, local, exists(local))

    if not mappings:
        return [match(Role.UNMAPPED, (path,), path)]
    found = []
    if (local := map_to_local(path, mappings)) is not None:
        found.append(match(Role.SERVER, (path,), local))
    if (local := webhook_to_local(path, mappings)) is not None:
        found.append(match(Role.WEBHOOK, map_to_remote(local, mappings), local))
    if remotes := map_to_remote(path, mappings):
        found.append(match(Role.LOCAL, remotes, path))
    return found


def _suggest(
    path: str,
    owners: tuple[PathOwnerMatch, ...],
    servers: Sequence[ServerConfig],
    exists: Exists,
) -> tuple[Suggestion, ...]:
    suggestions = [*_root_swaps(path, owners, servers, exists), *_near_misses(path, servers)]
    start = owners[0].local_path if owners else path
    suggestions.append(_nearest_parent(start, exists))
    return tuple(suggestions[:MAX_SUGGESTIONS])


def _root_swaps(
    path: str,
    owners: tuple[PathOwnerMatch, ...],
    servers: Sequence[ServerConfig],
    exists: Exists,
) -> list[Suggestion]:
    """Try the file under other roots (Docker's /data vs /media): a hit gives a mapping."""
    roots = [m.local_prefix.rstrip("/") for s in servers for m in s.path_mappings]
    roots = list(dict.fromkeys([*roots, *COMMON_ROOTS]))
    server_id = next((o.server_id for o in owners if o.role is not Role.LOCAL), None)
    segments = [s for s in path.split("/") if s]
    found: list[Suggestion] = []
    for count in range(1, min(MAX_SWAPPED_SEGMENTS, len(segments) - 1) + 1):
        old = "/" + "/".join(segments[:count])
        rest = "/".join(segments[count:])
        for root in roots:
            candidate = f"{root}/{rest}"
            if candidate == path or root == old or not exists(candidate):
                continue
            mapping = PathMapping(remote_prefix=old, local_prefix=root or "/")
            found.append(
                Suggestion(
                    SuggestionKind.ROOT_SWAP,
                    f"the file exists at {candidate}: map {old!r} to {root or '/'!r}",
                    server_id,
                    mapping,
                )
            )
            if len(found) >= 2:
                return found
    return found


def _loose(value: str) -> str:
    """Return ``value`` with backslashes, doubled/trailing slashes and spaces evened out."""
    cleaned = posixpath.normpath(value.strip().replace("\\", "/"))
    return "/" if cleaned in {".", "//"} else cleaned


def _near_miss_kind(path: str, prefix: str) -> str | None:
    """Return how ``prefix`` nearly covers ``path`` ("case", …), or None."""
    if covers(path, prefix):
        return None
    steps: list[tuple[str, Callable[[str], str]]] = [
        ("slashes or spaces", _loose),
        ("Unicode form (NFC vs NFD)", lambda v: unicodedata.normalize("NFC", _loose(v))),
        ("letter case", lambda v: unicodedata.normalize("NFC", _loose(v)).casefold()),
    ]
    for kind, even in steps:
        if covers(even(path), even(prefix)):
            return kind
    return None


def _near_misses(path: str, servers: Sequence[ServerConfig]) -> list[Suggestion]:
    found = []
    for server in servers:
        for mapping in server.path_mappings:
            sides = [
                ("server path", mapping.remote_prefix),
                ("local path", mapping.local_prefix),
                *(("webhook path", hook) for hook in mapping.webhook_prefixes),
            ]
            for side, prefix in sides:
                if (kind := _near_miss_kind(path, prefix)) is not None:
                    found.append(
                        Suggestion(
                            SuggestionKind.PREFIX_NEAR_MISS,
                            f"{server.name}: the {side} prefix {prefix!r} differs from the "
                            f"path only by {kind}",
                            server.id,
                            mapping,
                        )
                    )
    return found


def _nearest_parent(path: str, exists: Exists) -> Suggestion:
    parent = posixpath.dirname(path.rstrip("/")) or "/"
    while parent != "/" and not exists(parent):
        parent = posixpath.dirname(parent) or "/"
    return Suggestion(
        SuggestionKind.NEAREST_PARENT,
        f"nothing exists at {path}; the nearest existing folder is {parent} "
        "(check the names below it and the container's volume mounts)",
    )


class PathTester:
    """The path tester over the configured servers (for the API and the UI)."""

    def __init__(self, uow: UnitOfWorkFactory, exists: Exists) -> None:
        self._uow = uow
        self._exists = exists

    def check(self, path: str) -> PathReport:
        """Return the report for ``path`` against every configured server."""
        with self._uow() as work:
            servers = work.servers.all()
        return inspect_path(path, servers, self._exists)

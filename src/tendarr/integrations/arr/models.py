"""Payloads both apps share: status, tags, profiles, folders, disks, commands, exclusions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from tendarr.domain.arr import (
    ArrCommand,
    ArrKind,
    ArrSystem,
    ArrTag,
    CommandStatus,
    QualityProfile,
    RootFolder,
)
from tendarr.integrations.arr.fields import (
    Json,
    MalformedPayload,
    describe,
    ints,
    objects,
    opt_bool,
    opt_datetime,
    opt_enum,
    opt_int,
    opt_str,
    require_int,
    require_str,
)
from tendarr.ports.media_server import ServerResponseInvalid

T = TypeVar("T")


def read_one(parse: Callable[[Json], T], body: Any, vendor: str, what: str) -> T:
    """Parse one object; a shape we cannot read is ServerResponseInvalid naming the item."""
    if not isinstance(body, dict):
        raise ServerResponseInvalid(f"{vendor} sent {type(body).__name__} where {what} was due")
    try:
        return parse(body)
    except MalformedPayload as err:
        raise ServerResponseInvalid(
            f"{vendor} sent an unreadable {what} ({describe(body)}): {err}"
        ) from err


def read_all(parse: Callable[[Json], T], body: Any, vendor: str, what: str) -> list[T]:
    """Parse a JSON array of objects; one unreadable item fails the whole answer."""
    if not isinstance(body, list):
        raise ServerResponseInvalid(
            f"{vendor} sent {type(body).__name__} where a list of {what}s was due"
        )
    return [read_one(parse, entry, vendor, what) for entry in body]


def parse_system(kind: ArrKind) -> Callable[[Json], ArrSystem]:
    """Return a reader of ``/system/status`` that insists the app is ``kind``."""

    def parse(body: Json) -> ArrSystem:
        name = opt_str(body, "appName")
        if name is not None and name.lower() != kind.value:
            raise MalformedPayload(f"the URL answers as {name}, not {kind.value.title()}")
        return ArrSystem(
            kind=kind,
            app_name=name or kind.value.title(),
            version=require_str(body, "version"),
            instance_name=opt_str(body, "instanceName"),
        )

    return parse


def parse_tag(body: Json) -> ArrTag:
    """Read a ``TagResource``."""
    return ArrTag(id=require_int(body, "id"), label=require_str(body, "label"))


def parse_profile(body: Json) -> QualityProfile:
    """Read a ``QualityProfileResource`` (its name and id only)."""
    return QualityProfile(id=require_int(body, "id"), name=require_str(body, "name"))


@dataclass(frozen=True)
class DiskSpace:
    """A ``DiskSpaceResource``: one mounted disk the app sees."""

    path: str
    free_bytes: int | None
    total_bytes: int | None

    @classmethod
    def parse(cls, body: Json) -> DiskSpace:
        """Read a disk."""
        return cls(
            path=require_str(body, "path"),
            free_bytes=opt_int(body, "freeSpace"),
            total_bytes=opt_int(body, "totalSpace"),
        )


def parse_root_folder(body: Json) -> RootFolder:
    """Read a ``RootFolderResource`` (API v3 lists no total size; see ``with_totals``)."""
    return RootFolder(
        id=require_int(body, "id"),
        path=require_str(body, "path"),
        free_bytes=opt_int(body, "freeSpace"),
        accessible=opt_bool(body, "accessible"),
    )


def with_totals(folders: list[RootFolder], disks: list[DiskSpace]) -> list[RootFolder]:
    """Give each folder the total size of the disk whose mount path holds it (longest match)."""
    out = []
    for folder in folders:
        holders = [d for d in disks if _contains(d.path, folder.path)]
        disk = max(holders, key=lambda d: len(d.path.rstrip("/")), default=None)
        total = disk.total_bytes if disk is not None else None
        out.append(RootFolder(folder.id, folder.path, folder.free_bytes, total, folder.accessible))
    return out


def _contains(mount: str, path: str) -> bool:
    root = mount.rstrip("/\\")
    clean = path.rstrip("/\\")
    return clean == root or clean.startswith(root + "/") or clean.startswith(root + "\\")


def parse_command(body: Json) -> ArrCommand:
    """Read a ``CommandResource``; an unknown status is None (unknown), not a guess."""
    return ArrCommand(
        id=require_int(body, "id"),
        name=opt_str(body, "name") or opt_str(body, "commandName") or "",
        status=opt_enum(body, "status", CommandStatus),
        queued_at=opt_datetime(body, "queued"),
        started_at=opt_datetime(body, "started"),
        ended_at=opt_datetime(body, "ended"),
        message=opt_str(body, "message"),
    )


@dataclass(frozen=True)
class Page:
    """One page of a paged listing: its records (raw) and how many exist in all."""

    records: list[Json]
    total: int

    @classmethod
    def parse(cls, body: Json) -> Page:
        """Read a ``…PagingResource`` envelope."""
        return cls(records=objects(body, "records"), total=require_int(body, "totalRecords"))


@dataclass(frozen=True)
class Labels:
    """Tag and quality profile names by id, to carry names instead of the app's ids."""

    tags: dict[int, str]
    profiles: dict[int, str]

    def tag_names(self, body: Json) -> tuple[str, ...]:
        """Return an item's tag labels; an id the app did not list is malformed.

        Dropping it would read as "not tagged", and a keep-tag must never vanish.
        """
        names = []
        for tag_id in ints(body, "tags"):
            label = self.tags.get(tag_id)
            if label is None:
                raise MalformedPayload(f"tags names tag {tag_id}, which the app does not list")
            names.append(label)
        return tuple(names)

    def profile_name(self, body: Json) -> str | None:
        """Return an item's quality profile name (None when the id is not listed)."""
        profile_id = opt_int(body, "qualityProfileId")
        return self.profiles.get(profile_id) if profile_id is not None else None

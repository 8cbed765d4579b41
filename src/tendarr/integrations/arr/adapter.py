"""What the Sonarr and Radarr adapters share: status, labels, folders, commands, exclusions."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from tendarr.domain.arr import (
    ArrCommand,
    ArrKind,
    ArrSystem,
    ArrTag,
    ImportExclusion,
    QualityProfile,
    RootFolder,
)
from tendarr.integrations.arr.client import ArrClient
from tendarr.integrations.arr.fields import Json
from tendarr.integrations.arr.models import (
    DiskSpace,
    Labels,
    Page,
    parse_command,
    parse_profile,
    parse_root_folder,
    parse_system,
    parse_tag,
    read_all,
    read_one,
    with_totals,
)
from tendarr.ports.arr import ArrItemMissing, ArrRequestRejected
from tendarr.ports.media_server import ServerResponseInvalid

EXCLUSION_PAGE_SIZE = 500


class ArrAdapter(ABC):
    """One Sonarr or Radarr instance; no I/O until a method is called."""

    kind: ArrKind
    exclusions_path: ClassVar[str]  # the exclusions collection (``/importlistexclusion``)

    def __init__(self, client: ArrClient) -> None:
        self._client = client

    @property
    def vendor(self) -> str:
        """Return the app's name as errors show it."""
        return self._client.vendor

    def check(self) -> ArrSystem:
        """Return the app's name and version (the connection and API key test)."""
        body = self._client.get("/system/status")
        return read_one(parse_system(self.kind), body, self.vendor, "system status")

    def tags(self) -> list[ArrTag]:
        """Return every tag."""
        return read_all(parse_tag, self._client.get("/tag"), self.vendor, "tag")

    def quality_profiles(self) -> list[QualityProfile]:
        """Return every quality profile."""
        body = self._client.get("/qualityprofile")
        return read_all(parse_profile, body, self.vendor, "quality profile")

    def root_folders(self) -> list[RootFolder]:
        """Return every root folder with free space and its disk's total size."""
        folders = read_all(
            parse_root_folder, self._client.get("/rootfolder"), self.vendor, "root folder"
        )
        disks = read_all(DiskSpace.parse, self._client.get("/diskspace"), self.vendor, "disk")
        return with_totals(folders, disks)

    def command(self, command_id: int) -> ArrCommand:
        """Return where a command stands now."""
        body = self._client.get(f"/command/{command_id}", missing=f"command {command_id}")
        return read_one(parse_command, body, self.vendor, "command")

    def import_exclusions(self) -> list[ImportExclusion]:
        """Return every import-list exclusion, reading pages until the total is reached."""
        return [
            read_one(self._exclusion, raw, self.vendor, "import exclusion")
            for raw in self._exclusion_records()
        ]

    # --- for the app adapters ------------------------------------------------------------
    @abstractmethod
    def _exclusion(self, body: Json) -> ImportExclusion:
        """Read one exclusion record (each app names its fields differently)."""

    def _exclusion_records(self) -> list[Json]:
        records: list[Json] = []
        page = 1
        while True:
            params = {
                "page": page,
                "pageSize": EXCLUSION_PAGE_SIZE,
                "sortKey": "id",
                "sortDirection": "ascending",
            }
            body = self._client.get(f"{self.exclusions_path}/paged", params)
            envelope = read_one(Page.parse, body, self.vendor, "exclusion page")
            records.extend(envelope.records)
            if len(records) >= envelope.total:
                return records
            if not envelope.records:
                raise ServerResponseInvalid(
                    f"{self.vendor} listed {len(records)} of {envelope.total} exclusions "
                    "and then an empty page"
                )
            page += 1

    def _remove_exclusions(self, matches: Callable[[ImportExclusion], bool]) -> bool:
        found = [e for e in self.import_exclusions() if matches(e)]
        for exclusion in found:
            # Gone already (someone else removed it) is what we wanted: not an error.
            try:
                self._client.send(
                    "DELETE",
                    f"{self.exclusions_path}/{exclusion.id}",
                    missing=f"exclusion {exclusion.id}",
                )
            except ArrItemMissing:
                continue
        return bool(found)

    def _labels(self) -> Labels:
        return Labels(
            tags={t.id: t.label for t in self.tags()},
            profiles={p.id: p.name for p in self.quality_profiles()},
        )

    def _run(self, name: str, **args: Any) -> ArrCommand:
        body = self._client.send("POST", "/command", json={"name": name, **args})
        return read_one(parse_command, body, self.vendor, "command")

    def _profile_id(self, name: str) -> int:
        profiles = self.quality_profiles()
        match = next((p for p in profiles if p.name == name), None)
        match = match or next((p for p in profiles if p.name.casefold() == name.casefold()), None)
        if match is None:
            known = ", ".join(p.name for p in profiles) or "none"
            raise ArrRequestRejected(
                f"{self.vendor} has no quality profile named {name!r} (it has: {known})"
            )
        return match.id

    def _tag_ids(self, names: Sequence[str]) -> list[int]:
        """Return the ids of these tag labels, creating the ones the app lacks."""
        if not names:
            return []
        known = {t.label.casefold(): t.id for t in self.tags()}
        ids = []
        for name in names:
            tag_id = known.get(name.casefold())
            if tag_id is None:
                body = self._client.send("POST", "/tag", json={"label": name})
                tag_id = read_one(parse_tag, body, self.vendor, "tag").id
                known[name.casefold()] = tag_id
            ids.append(tag_id)
        return ids

    def _update(self, path: str, what: str, edit: Callable[[Json], None]) -> None:
        """Read a whole resource, change it, and PUT it back (the apps replace on PUT)."""
        body = self._client.get(path, missing=what)
        if not isinstance(body, dict):
            raise ServerResponseInvalid(f"{self.vendor} sent {type(body).__name__} for {what}")
        edit(body)
        self._client.send("PUT", path, json=body, missing=what)

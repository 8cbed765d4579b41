"""Commands: queued, started, completed as the World's clock moves their downloads along."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tendarr.sim.arr.wire import Json, span, utc
from tendarr.sim.world import PendingDownload, World

Executor = Callable[[dict[str, Any]], list[PendingDownload]]


class CommandFailed(Exception):
    """Raised by an executor when the command fails (the app marks it ``failed``)."""


@dataclass
class CommandSpec:
    """A command the app knows: its canonical name and what running it does."""

    name: str
    run: Executor
    long_running: bool = False
    disk_access: bool = False


@dataclass
class CommandRecord:
    """A command the app accepted."""

    id: int
    spec: CommandSpec
    args: dict[str, Any]
    queued: datetime
    downloads: list[PendingDownload] = field(default_factory=list)
    error: str | None = None


class CommandQueue:
    """Accept commands by name and report each one's progress."""

    def __init__(self, world: World, specs: list[CommandSpec], type_exclusive: bool) -> None:
        self.world = world
        self.specs = {spec.name.lower(): spec for spec in specs}
        self.type_exclusive = type_exclusive
        self.records: dict[int, CommandRecord] = {}

    def known(self, name: str) -> CommandSpec | None:
        """Return the command called ``name`` (case-insensitive), or None."""
        return self.specs.get(name.lower())

    def submit(self, spec: CommandSpec, args: dict[str, Any]) -> CommandRecord:
        """Run a command's immediate effects and track it."""
        record = CommandRecord(len(self.records) + 1, spec, args, self.world.now)
        try:
            record.downloads = spec.run(args)
        except CommandFailed as err:
            record.error = str(err)
        self.records[record.id] = record
        return record

    def resource(self, record: CommandRecord, *, as_queued: bool = False) -> Json:
        """Return a ``CommandResource`` for the command's state now."""
        status, started, ended = self._progress(record)
        if as_queued:
            status, started, ended = "queued", None, None
        done = status == "completed"
        failed = status == "failed"
        body: Json = {
            **record.args,
            "sendUpdatesToClient": True,
            "updateScheduledTask": True,
            "completionMessage": "Completed",
            "requiresDiskAccess": record.spec.disk_access,
            "isExclusive": False,
            "isTypeExclusive": False if self.type_exclusive else None,
            "isLongRunning": record.spec.long_running,
            "name": record.spec.name,
            "trigger": "manual",
            "suppressMessages": False,
        }
        if started is not None:
            body["lastStartTime"] = utc(started)
        return {
            "name": record.spec.name,
            "commandName": _display(record.spec.name),
            "message": "Completed" if done else record.error if failed else None,
            "body": body,
            "priority": "normal",
            "status": status,
            "result": "successful" if done else "unsuccessful" if failed else "unknown",
            "queued": utc(record.queued),
            "started": utc(started),
            "ended": utc(ended),
            "duration": span(ended - started) if ended and started else None,
            "exception": f"NzbDrone.Core.Datastore.ModelNotFoundException: {record.error}"
            if failed
            else None,
            "trigger": "manual",
            "stateChangeTime": utc(ended or started or record.queued),
            "sendUpdatesToClient": True,
            "updateScheduledTask": True,
            "id": record.id,
        }

    def _progress(self, record: CommandRecord) -> tuple[str, datetime | None, datetime | None]:
        if record.error is not None:
            return "failed", record.queued, record.queued
        waiting = [p for p in record.downloads if any(p is q for q in self.world.pending)]
        if not record.downloads:
            return "completed", record.queued, record.queued
        if waiting:
            return "started", record.queued, None
        return "completed", record.queued, max(p.ready_at for p in record.downloads)


def _display(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)

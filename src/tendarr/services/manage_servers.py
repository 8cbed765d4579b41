"""Add, edit, test and sync media servers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tendarr.domain.errors import Conflict, NotFound, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.domain.media import RemoteLibrary, ServerIdentity
from tendarr.domain.servers import (
    LibraryToggle,
    ServerConfig,
    config_problem,
    keep_redacted_secrets,
    keep_redacted_tautulli,
    map_to_local,
)
from tendarr.ports.clock import Clock
from tendarr.ports.media_server import MediaServerError, MediaServerFactory
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.manage_jobs import JobService

SYNC_JOB = "library.sync"


@dataclass(frozen=True)
class ConnectionResult:
    """The outcome of a connection test: identity and libraries, or the reason it failed."""

    ok: bool
    identity: ServerIdentity | None = None
    libraries: tuple[RemoteLibrary, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class PathOwner:
    """A server whose path mappings cover a path, and where Tendarr finds that path."""

    server_id: str
    local_path: str


class ServerService:
    """Everything the servers page and API do."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        connect: MediaServerFactory,
        jobs: JobService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._connect = connect
        self._jobs = jobs

    def all(self) -> list[ServerConfig]:
        """Return every server, secrets redacted."""
        with self._uow() as uow:
            return [c.redacted() for c in uow.servers.all()]

    def get(self, server_id: str) -> ServerConfig:
        """Return one server, secrets redacted."""
        return self._stored(server_id).redacted()

    def create(self, config: ServerConfig, actor: str | None) -> ServerConfig:
        """Save a new server."""
        self._validate(config)
        with self._uow() as uow:
            if uow.servers.get(config.id) is not None:
                raise Conflict(f"a server with id {config.id!r} already exists")
            uow.servers.add(config, self._clock.now())
            uow.audit.record(
                self._clock.now(),
                actor,
                "server.created",
                config.id,
                {"kind": config.kind.value, "url": config.url},
            )
            uow.commit()
        return config.redacted()

    def replace(self, config: ServerConfig, actor: str | None) -> ServerConfig:
        """Replace a server's configuration; secrets sent back redacted are kept."""
        stored = self._stored(config.id)
        merged = replace(
            config,
            auth=keep_redacted_secrets(config.auth, stored.auth),
            tautulli=keep_redacted_tautulli(config.tautulli, stored.tautulli),
            last_sync_at=stored.last_sync_at,
            last_sync_status=stored.last_sync_status,
        )
        self._validate(merged)
        with self._uow() as uow:
            uow.servers.update(merged, self._clock.now())
            uow.audit.record(self._clock.now(), actor, "server.updated", config.id, {})
            uow.commit()
        return merged.redacted()

    def set_enabled(self, server_id: str, enabled: bool, actor: str | None) -> ServerConfig:
        """Switch a server on or off without deleting it."""
        return self.replace(replace(self._stored(server_id).redacted(), enabled=enabled), actor)

    def delete(self, server_id: str, actor: str | None) -> None:
        """Remove a server; items only it held are marked removed (history stays)."""
        with self._uow() as uow:
            if not uow.servers.delete(server_id):
                raise NotFound(f"server {server_id} does not exist")
            uow.library.mark_orphans_removed(self._clock.now())
            uow.audit.record(self._clock.now(), actor, "server.deleted", server_id, {})
            uow.commit()

    def test_connection(self, config: ServerConfig) -> ConnectionResult:
        """Connect with a candidate configuration (not saved) and list its libraries."""
        if config.id:
            with self._uow() as uow:
                stored = uow.servers.get(config.id)
            if stored is not None:
                config = replace(config, auth=keep_redacted_secrets(config.auth, stored.auth))
        try:
            server = self._connect(config)
            identity = server.identity()
            libraries = tuple(server.libraries())
        except MediaServerError as err:
            return ConnectionResult(False, error=str(err))
        return ConnectionResult(True, identity, libraries)

    def test_saved(self, server_id: str) -> ConnectionResult:
        """Re-test a saved server."""
        return self.test_connection(self._stored(server_id))

    def refresh_libraries(self, server_id: str, actor: str | None) -> ServerConfig:
        """Fetch the server's libraries; keep existing toggles, enable new ones."""
        stored = self._stored(server_id)
        result = self.test_connection(stored)
        if not result.ok:
            raise ValidationFailed(f"cannot reach {stored.name}: {result.error}")
        known = {lib.id: lib for lib in stored.libraries}
        libraries = tuple(
            LibraryToggle(
                lib.id, lib.name, lib.kind, known[lib.id].enabled if lib.id in known else True
            )
            for lib in result.libraries
        )
        identity = result.identity.machine_id if result.identity else stored.server_identity
        return self.replace(
            replace(stored.redacted(), libraries=libraries, server_identity=identity), actor
        )

    def start_sync(self, server_id: str, full: bool, actor: str | None) -> Job:
        """Queue a sync, or return the one already queued or running for this server."""
        self._stored(server_id)
        active = self._jobs.find([JobState.QUEUED, JobState.RUNNING], SYNC_JOB, limit=500)
        for job in active:
            if job.payload.get("server_id") == server_id:
                return job
        return self._jobs.submit(
            SYNC_JOB,
            {"server_id": server_id, "full": full},
            priority=JobPriority.NORMAL,
            created_by=actor,
            title=f"Sync {server_id}",
        )

    def sync_all(self) -> list[Job]:
        """Queue an incremental sync of every enabled server (the periodic task)."""
        with self._uow() as uow:
            enabled = [c.id for c in uow.servers.all() if c.enabled]
        return [self.start_sync(server_id, False, "scheduler") for server_id in enabled]

    def owners(self, path: str) -> list[PathOwner]:
        """Return the servers whose path mappings cover ``path`` and the local path."""
        with self._uow() as uow:
            servers = uow.servers.all()
        found = []
        for server in servers:
            local = map_to_local(path, server.path_mappings)
            if local is not None:
                found.append(PathOwner(server.id, local))
        return found

    def _stored(self, server_id: str) -> ServerConfig:
        with self._uow() as uow:
            config = uow.servers.get(server_id)
        if config is None:
            raise NotFound(f"server {server_id} does not exist")
        return config

    @staticmethod
    def _validate(config: ServerConfig) -> None:
        if problem := config_problem(config):
            raise ValidationFailed(problem)

"""What every per-server job shares: its payload, its stored server and its lease."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from tendarr.domain.errors import Conflict, NotFound, ValidationFailed
from tendarr.domain.servers import ServerConfig
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobContext
from tendarr.ports.repositories import UnitOfWorkFactory


def check_server_payload(payload: Mapping[str, Any], *, full_default: bool) -> dict[str, Any]:
    """Validate a per-server job payload: ``server_id`` and ``full``."""
    server_id = payload.get("server_id")
    if not isinstance(server_id, str) or not server_id:
        raise ValidationFailed("server_id is required")
    full = payload.get("full", full_default)
    if not isinstance(full, bool):
        raise ValidationFailed("full must be true or false")
    return {"server_id": server_id, "full": full}


def stored_server(uow: UnitOfWorkFactory, server_id: str) -> ServerConfig:
    """Return the server a job is about (NotFound when it was deleted meanwhile)."""
    with uow() as work:
        config = work.servers.get(server_id)
    if config is None:
        raise NotFound(f"server {server_id} does not exist")
    return config


@contextmanager
def server_lease(
    uow: UnitOfWorkFactory,
    clock: Clock,
    ctx: JobContext,
    name: str,
    ttl_seconds: float,
    busy: str,
) -> Iterator[None]:
    """Hold the lease ``name`` for this job attempt, or raise Conflict(``busy``).

    The runner retries a conflicting job later with back-off; a crashed holder's lease
    lapses after ``ttl_seconds``.
    """
    holder = f"job:{ctx.job_id}:{ctx.attempt}"
    with uow() as work:
        mine = work.leases.acquire(name, holder, clock.now(), ttl_seconds)
        work.commit()
    if not mine:
        raise Conflict(busy)
    try:
        yield
    finally:
        with uow() as work:
            work.leases.release(name, holder)
            work.commit()

"""The ``household.sync`` job: accounts, watch history and watchlists of one server.

Failures protect: an account listing that fails changes no account; a history page that
fails stops the job (what was stored stays, the next run resumes from the newest stored
event); a watchlist that cannot be read completely removes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog

from tendarr.domain.household import PlaySource, RemoteAccount, RemotePlay
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.ports.clock import Clock
from tendarr.ports.household import HouseholdSource, HouseholdSourceFactory, PlayHistorySource
from tendarr.ports.job_queue import JobContext
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.link_accounts import link_new_accounts
from tendarr.services.server_jobs import check_server_payload, server_lease, stored_server
from tendarr.services.watchlists import apply_watchlist

log = structlog.get_logger(__name__)

HOUSEHOLD_JOB = "household.sync"
# Re-read this much history before the newest stored event: late reports and clock skew
# (re-reading a stored event is a no-op).
HISTORY_OVERLAP = timedelta(days=1)
LEASE_SECONDS = 3600
NATIVE_SOURCE = {
    ServerKind.PLEX: PlaySource.PLEX,
    ServerKind.JELLYFIN: PlaySource.JELLYFIN,
    ServerKind.EMBY: PlaySource.EMBY,
}

TautulliFactory = Callable[[ServerConfig], PlayHistorySource | None]


@dataclass
class HouseholdStats:
    """What one household sync did."""

    accounts: int = 0
    accounts_removed: int = 0
    linked: int = 0
    events: int = 0
    tautulli_events: int = 0
    watchlists_read: int = 0
    watchlists_incomplete: int = 0
    watchlist_added: int = 0
    watchlist_removed: int = 0
    problems: list[str] = field(default_factory=list)

    def as_result(self) -> dict[str, Any]:
        """Return the job result."""
        return dict(self.__dict__)


def check_household_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a household sync payload: ``server_id`` and ``full`` (default false)."""
    return check_server_payload(payload, full_default=False)


class HouseholdSync:
    """Import accounts, link them to people, then read plays and watchlists."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        sources: HouseholdSourceFactory,
        tautulli: TautulliFactory,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._sources = sources
        self._tautulli = tautulli

    def __call__(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run the job."""
        server_id, full = str(payload["server_id"]), bool(payload.get("full", False))
        config = stored_server(self._uow, server_id)
        stats = HouseholdStats()
        if not config.enabled:
            return {**stats.as_result(), "skipped": "server is disabled"}
        busy = f"another household sync of {server_id} is running"
        with server_lease(
            self._uow, self._clock, ctx, f"household:{server_id}", LEASE_SECONDS, busy
        ):
            return self._sync(ctx, config, full, stats)

    def _sync(
        self, ctx: JobContext, config: ServerConfig, full: bool, stats: HouseholdStats
    ) -> dict[str, Any]:
        source = self._sources(config)
        ctx.progress(0, 4, "accounts")
        accounts = self._accounts(config, source.accounts(), stats)
        ctx.progress(1, 4, "watch history")
        native = NATIVE_SOURCE[config.kind]
        stats.events = self._history(
            config.id, native, accounts, lambda since: source.watch_history(since), full
        )
        tautulli = self._tautulli(config) if config.kind is ServerKind.PLEX else None
        if tautulli is not None:
            ctx.progress(2, 4, "Tautulli history")
            stats.tautulli_events = self._history(
                config.id, PlaySource.TAUTULLI, accounts, lambda s: tautulli.history(s), full
            )
        with self._uow() as uow:  # events and watchlists whose items synced since
            uow.household.refold(uow.household.resolve_events(config.id))
            uow.household.resolve_watchlists()
            uow.commit()
        ctx.progress(3, 4, "watchlists")
        self._watchlists(config, source, stats)
        ctx.progress(4, 4, None)
        return stats.as_result()

    def _accounts(
        self, config: ServerConfig, remote: list[RemoteAccount], stats: HouseholdStats
    ) -> dict[str, int]:
        now = self._clock.now()
        with self._uow() as uow:
            records = uow.household.upsert_accounts(config.id, remote, now)
            stats.accounts = len(records)
            stats.accounts_removed = uow.household.mark_accounts_removed(
                config.id, {r.native_id for r in records}, now
            )
            stats.linked = link_new_accounts(uow, config.kind.value, now)
            uow.commit()
        return {r.native_id: r.id for r in records}

    def _history(
        self,
        server_id: str,
        source: PlaySource,
        accounts: dict[str, int],
        read: Callable[[datetime | None], Iterator[list[RemotePlay]]],
        full: bool,
    ) -> int:
        with self._uow() as uow:
            newest = uow.household.latest_event_at(server_id, source.value)
        since = None if full or newest is None else newest - HISTORY_OVERLAP
        stored = 0
        for page in read(since):
            with self._uow() as uow:
                uow.household.refold(uow.household.add_events(accounts, page))
                uow.commit()
            stored += len(page)
        return stored

    def _watchlists(
        self, config: ServerConfig, source: HouseholdSource, stats: HouseholdStats
    ) -> None:
        with self._uow() as uow:
            accounts = [a for a in uow.household.accounts(config.id) if a.user_id is not None]
            tokens = {a.id: uow.household.user_token(a.id) for a in accounts}
        for account in accounts:
            assert account.user_id is not None
            fetch = source.watchlist(account.as_remote(), tokens.get(account.id))
            stats.watchlists_read += 1
            if not fetch.complete:
                stats.watchlists_incomplete += 1
                if fetch.problem:
                    stats.problems.append(f"{account.username}: {fetch.problem}")
            with self._uow() as uow:
                change = apply_watchlist(
                    uow.household,
                    account.user_id,
                    config.kind.value,
                    account.id,
                    fetch,
                    self._clock.now(),
                )
                uow.commit()
            stats.watchlist_added += change.added
            stats.watchlist_removed += change.removed

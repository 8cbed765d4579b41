"""What the users, history and item pages do with the household."""

from __future__ import annotations

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.ports.household import HouseholdSourceFactory
from tendarr.ports.household_reads import HistoryQuery, HistoryRow, Household, ItemWatch
from tendarr.ports.household_store import AccountRecord
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.link_accounts import MANUAL, UNLINKED
from tendarr.services.manage_jobs import JobService
from tendarr.services.now_playing import NowPlayingReader, Sessions
from tendarr.services.sync_household import HOUSEHOLD_JOB


class HouseholdService:
    """Household overview, history, links, syncs and live sessions."""

    def __init__(
        self, uow: UnitOfWorkFactory, jobs: JobService, sources: HouseholdSourceFactory
    ) -> None:
        self._uow = uow
        self._jobs = jobs
        self._sources = sources

    def household(self) -> Household:
        """Return every person with their accounts, and accounts linked to nobody."""
        with self._uow() as uow:
            return uow.household_reader.household()

    def history(self, query: HistoryQuery) -> tuple[list[HistoryRow], int]:
        """Return a page of viewing events, newest first."""
        with self._uow() as uow:
            return uow.household_reader.history(query)

    def item_watch(self, media_id: int) -> list[ItemWatch]:
        """Return each person's watch state of an item across servers."""
        with self._uow() as uow:
            if uow.reader.item(media_id) is None:
                raise NotFound(f"library item {media_id} does not exist")
            return uow.household_reader.item_watch(media_id)

    def link(self, account_id: int, user_id: int | None) -> AccountRecord:
        """Link an account to a person by hand (None detaches it until linked again)."""
        with self._uow() as uow:
            account = uow.household.account(account_id)
            if account is None:
                raise NotFound(f"account {account_id} does not exist")
            if user_id is not None and uow.users.get(user_id) is None:
                raise ValidationFailed(f"user {user_id} does not exist")
            # A detached account stays detached: auto-linking skips any ``linked_by``.
            uow.household.link_account(account_id, user_id, MANUAL if user_id else UNLINKED)
            uow.commit()
            linked = uow.household.account(account_id)
        assert linked is not None
        return linked

    def start_sync(self, server_id: str, full: bool, actor: str | None) -> Job:
        """Queue a household sync, or return the one already queued or running."""
        with self._uow() as uow:
            if uow.servers.get(server_id) is None:
                raise NotFound(f"server {server_id} does not exist")
        for job in self._jobs.find([JobState.QUEUED, JobState.RUNNING], HOUSEHOLD_JOB, limit=500):
            if job.payload.get("server_id") == server_id:
                return job
        return self._jobs.submit(
            HOUSEHOLD_JOB,
            {"server_id": server_id, "full": full},
            priority=JobPriority.NORMAL,
            created_by=actor,
            title=f"Household sync {server_id}",
        )

    def sync_all(self) -> list[Job]:
        """Queue a household sync of every enabled server (the periodic task)."""
        with self._uow() as uow:
            servers = [c.id for c in uow.servers.all() if c.enabled]
        return [self.start_sync(server_id, False, "scheduler") for server_id in servers]

    def sessions(self) -> Sessions:
        """Ask every enabled server what is playing now."""
        return NowPlayingReader(self._uow, self._sources).sessions()

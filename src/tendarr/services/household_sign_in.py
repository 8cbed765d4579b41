"""Household members sign in to Tendarr with their Plex, Jellyfin or Emby account.

Access is the media server's to grant: a Plex account may sign in when plex.tv lists a
configured Plex server among its resources; a Jellyfin/Emby user when that server accepts
the password. The account is imported (with the server's other accounts) if Tendarr has
not seen it yet, linked to a person by the usual rules, and that person gets a session —
created on first sign-in with default permissions. An account an admin unlinked by hand
is refused with a clear reason.
"""

from __future__ import annotations

from tendarr.domain.errors import Forbidden, NotFound, ValidationFailed
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.ports.clock import Clock
from tendarr.ports.household import HouseholdSourceFactory
from tendarr.ports.household_store import AccountRecord
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.ports.signin import MediaBrowserSignIn, PinChallenge, PlexTvSignIn
from tendarr.services.authenticate import AuthService, NewSession
from tendarr.services.link_accounts import link_new_accounts
from tendarr.services.sign_in_servers import vendor_call


class HouseholdSignIn:
    """Sign-in to Tendarr through a media server account."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        plex: PlexTvSignIn,
        mediabrowser: MediaBrowserSignIn,
        sources: HouseholdSourceFactory,
        auth: AuthService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._plex = plex
        self._mediabrowser = mediabrowser
        self._sources = sources
        self._auth = auth

    def options(self) -> list[ServerConfig]:
        """Return the enabled servers a member can sign in through (redacted)."""
        with self._uow() as uow:
            return [c.redacted() for c in uow.servers.all() if c.enabled]

    def start_plex(self) -> PinChallenge:
        """Create a plex.tv PIN for the member to approve."""
        self._plex_servers()
        return vendor_call(self._plex.create_pin)

    def _plex_servers(self) -> list[ServerConfig]:
        plex = [c for c in self.options() if c.kind is ServerKind.PLEX]
        if not plex:
            raise ValidationFailed("no Plex server is configured")
        return plex

    def finish_plex(self, pin_id: int) -> NewSession | None:
        """Return a session once the PIN is approved (None while it waits)."""
        self._plex_servers()
        approved = vendor_call(lambda: self._plex.check_pin(pin_id))
        if approved is None:
            return None
        shared = {offer.machine_id for offer in approved.servers}
        servers = [
            c for c in self.options() if c.kind is ServerKind.PLEX and c.server_identity in shared
        ]
        if not servers:
            raise Forbidden("this Plex account has no access to a server this Tendarr tends")
        account = self._account(servers, str(approved.account.id))
        with self._uow() as uow:  # its own token reads its own watchlist (method Direct)
            uow.household.set_user_token(account.id, approved.account_token)
            uow.commit()
        return self._session(account)

    def sign_in_password(self, server_id: str, username: str, password: str) -> NewSession:
        """Check a Jellyfin/Emby user's password with the server and return a session."""
        with self._uow() as uow:
            config = uow.servers.get(server_id)
        if config is None or not config.enabled:
            raise NotFound(f"server {server_id} does not exist")
        if config.kind is ServerKind.PLEX:
            raise ValidationFailed("Plex accounts sign in with a plex.tv PIN")
        signed = vendor_call(
            lambda: self._mediabrowser.sign_in(config.kind, config.url, username, password)
        )
        return self._session(self._account([config], signed.user_id))

    def _account(self, servers: list[ServerConfig], native_id: str) -> AccountRecord:
        found = self._find(servers, native_id)
        if found is not None:
            return found
        for config in servers:  # first sign-in before any household sync: import now
            remote = vendor_call(self._sources(config).accounts)
            with self._uow() as uow:
                uow.household.upsert_accounts(config.id, remote, self._clock.now())
                link_new_accounts(uow, config.kind.value, self._clock.now())
                uow.commit()
        found = self._find(servers, native_id)
        if found is None:
            raise Forbidden("this account has no access to a server this Tendarr tends")
        return found

    def _find(self, servers: list[ServerConfig], native_id: str) -> AccountRecord | None:
        with self._uow() as uow:
            for config in servers:
                account = uow.household.account_by_native(config.id, native_id)
                if account is not None and account.removed_at is None:
                    if account.user_id is None and account.linked_by is None:
                        link_new_accounts(uow, config.kind.value, self._clock.now())
                        uow.commit()
                        account = uow.household.account(account.id)
                    return account
        return None

    def _session(self, account: AccountRecord) -> NewSession:
        if account.user_id is None:
            raise Forbidden("this account is not linked to a Tendarr user; ask an admin to link it")
        if account.disabled:
            raise Forbidden("this account is disabled on its server")
        return self._auth.session_for(account.user_id)

"""Repositories for users, sessions, API keys, settings, state, leases and the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tendarr.domain.users import Permission, Role, User
from tendarr.persistence.tables import (
    ApiKeyRow,
    AppSettingsRow,
    AuditRow,
    KeyValueRow,
    LeaseRow,
    SessionRow,
    SettingsBackupRow,
    UserRow,
)
from tendarr.ports.repositories import ApiKeyRecord, AuditEntry, SessionRecord, SettingsBackup


def _to_user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        permissions=frozenset(Permission(p) for p in row.permissions or []),
        auth_source=row.auth_source,
        created_at=row.created_at,
        last_login_at=row.last_login_at,
    )


class SqlUserRepository:
    """Users table."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def count(self) -> int:
        return int(self._s.scalar(select(func.count()).select_from(UserRow)) or 0)

    def add(
        self,
        username: str,
        password_hash: str | None,
        role: Role,
        permissions: frozenset[Permission],
        auth_source: str,
        now: datetime,
    ) -> User:
        row = UserRow(
            username=username,
            password_hash=password_hash,
            role=role.value,
            permissions=sorted(p.value for p in permissions),
            auth_source=auth_source,
            created_at=now,
        )
        self._s.add(row)
        self._s.flush()
        return _to_user(row)

    def get(self, user_id: int) -> User | None:
        row = self._s.get(UserRow, user_id)
        return _to_user(row) if row else None

    def by_username(self, username: str) -> User | None:
        row = self._s.scalars(select(UserRow).where(UserRow.username == username)).first()
        return _to_user(row) if row else None

    def password_hash(self, user_id: int) -> str | None:
        row = self._s.get(UserRow, user_id)
        return row.password_hash if row else None

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        row = self._s.get(UserRow, user_id)
        if row is not None:
            row.password_hash = password_hash

    def touch_login(self, user_id: int, now: datetime) -> None:
        row = self._s.get(UserRow, user_id)
        if row is not None:
            row.last_login_at = now

    def first_admin(self) -> User | None:
        query = select(UserRow).where(UserRow.role == Role.ADMIN.value).order_by(UserRow.id)
        row = self._s.scalars(query).first()
        return _to_user(row) if row else None


class SqlSessionRepository:
    """Server-side browser sessions keyed by the hash of their token."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, record: SessionRecord) -> None:
        self._s.add(
            SessionRow(
                token_hash=record.token_hash,
                user_id=record.user_id,
                csrf_token=record.csrf_token,
                created_at=record.created_at,
                expires_at=record.expires_at,
            )
        )

    def get(self, token_hash: str) -> SessionRecord | None:
        row = self._s.get(SessionRow, token_hash)
        if row is None:
            return None
        return SessionRecord(
            row.token_hash, row.user_id, row.csrf_token, row.created_at, row.expires_at
        )

    def delete(self, token_hash: str) -> None:
        self._s.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    def delete_expired(self, now: datetime) -> int:
        result = self._s.execute(delete(SessionRow).where(SessionRow.expires_at < now))
        return int(result.rowcount)  # type: ignore[attr-defined]


class SqlApiKeyRepository:
    """One API key per user; replacing it invalidates the old one in the same transaction."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def replace(self, record: ApiKeyRecord) -> None:
        self._s.execute(delete(ApiKeyRow).where(ApiKeyRow.user_id == record.user_id))
        self._s.add(
            ApiKeyRow(
                user_id=record.user_id,
                key_hash=record.key_hash,
                key_encrypted=record.key_encrypted,
                created_at=record.created_at,
            )
        )
        self._s.flush()

    def for_user(self, user_id: int) -> ApiKeyRecord | None:
        row = self._s.get(ApiKeyRow, user_id)
        return self._record(row) if row else None

    def by_hash(self, key_hash: str) -> ApiKeyRecord | None:
        row = self._s.scalars(select(ApiKeyRow).where(ApiKeyRow.key_hash == key_hash)).first()
        return self._record(row) if row else None

    @staticmethod
    def _record(row: ApiKeyRow) -> ApiKeyRecord:
        return ApiKeyRecord(row.user_id, row.key_hash, row.key_encrypted, row.created_at)


class SqlSettingsRepository:
    """A single settings document plus its rolling backups."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def load(self) -> dict[str, Any] | None:
        row = self._s.get(AppSettingsRow, 1, populate_existing=True)
        return dict(row.data) if row else None

    def create_if_missing(self, data: dict[str, Any], now: datetime) -> bool:
        insert = sqlite_insert if self._s.get_bind().dialect.name == "sqlite" else pg_insert
        statement = (
            insert(AppSettingsRow)
            .values(id=1, data=data, updated_at=now)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        result = self._s.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def save(self, data: dict[str, Any], now: datetime) -> None:
        row = self._s.get(AppSettingsRow, 1)
        if row is None:
            self._s.add(AppSettingsRow(id=1, data=data, updated_at=now))
        else:
            row.data = data
            row.updated_at = now
        self._s.flush()

    def add_backup(
        self, data: dict[str, Any], reason: str, created_by: str | None, now: datetime
    ) -> SettingsBackup:
        row = SettingsBackupRow(data=data, reason=reason, created_by=created_by, created_at=now)
        self._s.add(row)
        self._s.flush()
        return self._backup(row)

    def backups(self) -> list[SettingsBackup]:
        query = select(SettingsBackupRow).order_by(SettingsBackupRow.id.desc())
        return [self._backup(r) for r in self._s.scalars(query)]

    def backup(self, backup_id: int) -> SettingsBackup | None:
        row = self._s.get(SettingsBackupRow, backup_id)
        return self._backup(row) if row else None

    def prune_backups(self, keep: int) -> None:
        keep_ids = select(SettingsBackupRow.id).order_by(SettingsBackupRow.id.desc()).limit(keep)
        self._s.execute(
            delete(SettingsBackupRow).where(SettingsBackupRow.id.not_in(keep_ids.scalar_subquery()))
        )

    @staticmethod
    def _backup(row: SettingsBackupRow) -> SettingsBackup:
        return SettingsBackup(row.id, row.created_at, row.reason, row.created_by, dict(row.data))


class SqlKeyValueRepository:
    """Small JSON values keyed by name."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, key: str) -> Any | None:
        row = self._s.get(KeyValueRow, key, populate_existing=True)
        return row.value if row else None

    def put(self, key: str, value: Any) -> None:
        row = self._s.get(KeyValueRow, key)
        if row is None:
            self._s.add(KeyValueRow(key=key, value=value))
        else:
            row.value = value
        self._s.flush()


class SqlLeaseRepository:
    """Named, expiring leases in the ``leases`` table."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def acquire(self, name: str, holder: str, now: datetime, ttl_seconds: float) -> bool:
        expires = now + timedelta(seconds=ttl_seconds)
        query = select(LeaseRow).where(LeaseRow.name == name).with_for_update()
        row = self._s.scalars(query.execution_options(populate_existing=True)).first()
        if row is None:
            try:
                with self._s.begin_nested():
                    self._s.add(LeaseRow(name=name, holder=holder, expires_at=expires))
            except IntegrityError:
                return False
            return True
        if row.holder == holder or row.expires_at < now:
            row.holder = holder
            row.expires_at = expires
            return True
        return False

    def holder(self, name: str, now: datetime) -> str | None:
        row = self._s.get(LeaseRow, name, populate_existing=True)
        return row.holder if row and row.expires_at >= now else None

    def release(self, name: str, holder: str) -> None:
        self._s.execute(delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder))

    def live(self, prefix: str, now: datetime) -> list[tuple[str, str]]:
        query = select(LeaseRow).where(LeaseRow.name.startswith(prefix), LeaseRow.expires_at >= now)
        return [(r.name, r.holder) for r in self._s.scalars(query.order_by(LeaseRow.name))]


class SqlAuditRepository:
    """Append-only audit log."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def record(
        self,
        now: datetime,
        actor: str | None,
        action: str,
        target: str | None,
        detail: dict[str, Any],
    ) -> None:
        self._s.add(AuditRow(at=now, actor=actor, action=action, target=target, detail=detail))

    def recent(self, limit: int = 50) -> list[AuditEntry]:
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        return [
            AuditEntry(r.id, r.at, r.actor, r.action, r.target, dict(r.detail or {}))
            for r in self._s.scalars(query)
        ]

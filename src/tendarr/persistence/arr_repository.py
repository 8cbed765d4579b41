"""Configured Sonarr/Radarr instances; API keys are sealed before they reach the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tendarr.domain.arr import ArrKind
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.persistence.arr_tables import ArrInstanceRow
from tendarr.security.secretbox import SecretBox


class SqlArrInstanceRepository:
    """The ``arr_instances`` table."""

    def __init__(self, session: Session, box: SecretBox) -> None:
        self._s = session
        self._box = box

    def all(self) -> list[ArrInstanceConfig]:
        """Return every instance, by id."""
        rows = self._s.scalars(select(ArrInstanceRow).order_by(ArrInstanceRow.id))
        return [self._config(row) for row in rows]

    def get(self, instance_id: str) -> ArrInstanceConfig | None:
        """Return one instance, or None."""
        row = self._s.get(ArrInstanceRow, instance_id, populate_existing=True)
        return self._config(row) if row else None

    def add(self, config: ArrInstanceConfig, now: datetime) -> None:
        """Store a new instance."""
        row = ArrInstanceRow(id=config.id, created_at=now)
        self._write(row, config, now)
        self._s.add(row)
        self._s.flush()

    def update(self, config: ArrInstanceConfig, now: datetime) -> None:
        """Replace a stored instance's fields."""
        row = self._s.get(ArrInstanceRow, config.id)
        if row is not None:
            self._write(row, config, now)
            self._s.flush()

    def delete(self, instance_id: str) -> bool:
        """Remove an instance; return whether there was one."""
        result = self._s.execute(delete(ArrInstanceRow).where(ArrInstanceRow.id == instance_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def _write(self, row: ArrInstanceRow, config: ArrInstanceConfig, now: datetime) -> None:
        row.kind = config.kind.value
        row.name = config.name
        row.url = config.url
        row.api_key = self._box.seal(config.api_key)
        row.enabled = config.enabled
        row.updated_at = now

    def _config(self, row: ArrInstanceRow) -> ArrInstanceConfig:
        return ArrInstanceConfig(
            id=row.id,
            kind=ArrKind(row.kind),
            name=row.name,
            url=row.url,
            api_key=self._box.open(row.api_key) or "",  # "": sealed under another key
            enabled=row.enabled,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

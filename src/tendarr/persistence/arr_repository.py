"""Configured Sonarr/Radarr instances; API keys are sealed before they reach the database."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tendarr.domain.arr import ArrKind
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.persistence.arr_tables import ArrInstanceRow
from tendarr.persistence.sealed_app_repository import SealedAppRepository
from tendarr.security.secretbox import SecretBox


class SqlArrInstanceRepository(SealedAppRepository[ArrKind, ArrInstanceConfig]):
    """The ``arr_instances`` table."""

    def __init__(self, session: Session, box: SecretBox) -> None:
        super().__init__(session, box, ArrInstanceRow, ArrInstanceConfig, ArrKind)

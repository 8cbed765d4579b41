"""Configured Overseerr/Jellyseerr apps; API keys are sealed before they reach the database."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tendarr.domain.request_apps import RequestAppConfig, RequestAppKind
from tendarr.persistence.lifecycle_tables import RequestAppRow
from tendarr.persistence.sealed_app_repository import SealedAppRepository
from tendarr.security.secretbox import SecretBox


class SqlRequestAppRepository(SealedAppRepository[RequestAppKind, RequestAppConfig]):
    """The ``request_apps`` table."""

    def __init__(self, session: Session, box: SecretBox) -> None:
        super().__init__(session, box, RequestAppRow, RequestAppConfig, RequestAppKind)

"""Tables for Sonarr/Radarr: the configured instances (API keys sealed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tendarr.persistence.tables import Base


class ArrInstanceRow(Base):
    """One configured Sonarr or Radarr; ``api_key`` holds the SecretBox-sealed key."""

    __tablename__ = "arr_instances"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    url: Mapped[str] = mapped_column(String(512))
    api_key: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

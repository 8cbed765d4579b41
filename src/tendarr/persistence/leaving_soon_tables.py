"""Table for Leaving Soon: one entry per (item, rule) with its stored deletion date."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tendarr.persistence.tables import Base


class LeavingSoonRow(Base):
    """An item a rule matched; ``delete_after`` is stored once and never moved earlier."""

    __tablename__ = "leaving_soon"
    __table_args__ = (
        UniqueConstraint("media_item_id", "rule_id", name="uq_leaving_soon_item_rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[int] = mapped_column(ForeignKey("cleanup_rules.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20), index=True)
    first_matched_at: Mapped[datetime]
    visible_since: Mapped[datetime | None]
    grace_days: Mapped[int] = mapped_column(Integer)
    delete_after: Mapped[datetime | None]
    extended_by: Mapped[int] = mapped_column(Integer, default=0)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    last_evaluated_at: Mapped[datetime]
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)

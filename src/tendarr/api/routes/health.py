"""Liveness probe (public)."""

from fastapi import APIRouter

from tendarr.api.schemas import Health

router = APIRouter(tags=["system"])


@router.get("/api/health", summary="Liveness probe (public)")
def health() -> Health:
    """Return ok while the process serves requests."""
    return Health(status="ok")

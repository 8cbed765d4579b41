"""Ports for configured Sonarr/Radarr instances: their storage and the adapter factory."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.ports.arr import RadarrPort, SonarrPort


class ArrInstanceRepository(Protocol):
    """The saved instances (API keys in clear here; the adapter seals them at rest)."""

    def all(self) -> list[ArrInstanceConfig]: ...
    def get(self, instance_id: str) -> ArrInstanceConfig | None: ...
    def add(self, config: ArrInstanceConfig, now: datetime) -> None: ...
    def update(self, config: ArrInstanceConfig, now: datetime) -> None: ...
    def delete(self, instance_id: str) -> bool: ...


class ArrFactory(Protocol):
    """Build the adapter for a configured instance (no I/O until it is called)."""

    def sonarr(self, config: ArrInstanceConfig) -> SonarrPort: ...
    def radarr(self, config: ArrInstanceConfig) -> RadarrPort: ...

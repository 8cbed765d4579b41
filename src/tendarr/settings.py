"""Infrastructure settings from TENDARR_* environment variables, validated at start."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENV_PREFIX = "TENDARR_"
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class ConfigError(Exception):
    """An environment variable holds a value Tendarr cannot use."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable
        self.problem = problem


class InfraSettings(BaseSettings):
    """Settings that decide how Tendarr runs; they are never stored in the database."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    data_dir: Path = Path("./data")
    port: int = Field(5757, ge=1, le=65535)
    host: str = "0.0.0.0"  # noqa: S104 - a self-hosted service listens on the LAN by default
    database_url: str | None = None
    queue_url: str | None = None
    log_level: LogLevel = "INFO"
    log_format: Literal["pretty", "json"] = "pretty"
    auth_method: Literal["internal", "external"] | None = None
    api_key: SecretStr | None = None
    secret_key: SecretStr | None = None
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    https: bool = False
    media_root: Path = Path("/")
    plextv_url: str = "https://plex.tv"
    plex_discover_url: str = "https://discover.provider.plex.tv"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", "auth_method", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator(
        "auth_method", "database_url", "queue_url", "api_key", "secret_key", mode="before"
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(o.strip() for o in value.split(",") if o.strip())
        return value

    @field_validator("api_key")
    @classmethod
    def _key_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters")
        return value

    @field_validator("media_root")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        if not value.is_absolute():
            raise ValueError("must be an absolute path")
        return value

    @field_validator("plextv_url", "plex_discover_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+$", value.strip().rstrip("/")):
            raise ValueError("must be an http:// or https:// URL with a host and no path")
        return value.strip().rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_scheme(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            url = make_url(value)
        except ArgumentError as err:
            raise ValueError("is not a database URL") from err
        backend = url.get_backend_name()
        if backend == "postgresql" and url.drivername in {"postgresql", "postgres"}:
            return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        if backend not in {"sqlite", "postgresql"}:
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return value

    @field_validator("queue_url")
    @classmethod
    def _queue_scheme(cls, value: str | None) -> str | None:
        if value is None:
            return None
        scheme = value.split("://", 1)[0].lower() if "://" in value else value.lower()
        if scheme not in {"sqlite", "redis", "rediss", "postgresql", "postgres"}:
            raise ValueError("must be sqlite:///path, redis://host:port/db or postgresql://...")
        return value

    @property
    def effective_database_url(self) -> str:
        """Return the configured database URL, or SQLite in the data directory."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'tendarr.db').resolve()}"

    @property
    def effective_queue_url(self) -> str:
        """Return the configured queue URL, or the embedded SQLite queue in the data dir."""
        return self.queue_url or f"sqlite:///{(self.data_dir / 'queue.db').resolve()}"


def load_infra_settings(environ: Mapping[str, str] | None = None) -> InfraSettings:
    """Read and validate TENDARR_* variables; raise ConfigError naming the first bad one."""
    env = dict(os.environ if environ is None else environ)
    relevant = {k: v for k, v in env.items() if k.startswith(ENV_PREFIX)}
    try:
        return _from_mapping(relevant)
    except ValidationError as err:
        first = err.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise ConfigError(f"{ENV_PREFIX}{field.upper()}", _plain(first["msg"])) from err


def _from_mapping(values: Mapping[str, str]) -> InfraSettings:
    fields = InfraSettings.model_fields
    kwargs = {
        key[len(ENV_PREFIX) :].lower(): value
        for key, value in values.items()
        if key[len(ENV_PREFIX) :].lower() in fields
    }
    return InfraSettings.model_validate(kwargs)


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")


def resolve_secret_key(settings: InfraSettings) -> str:
    """Return TENDARR_SECRET_KEY, or the key persisted in the data dir (created on first use)."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / "secret.key"
    if path.is_file():
        return path.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key

"""Structured logging (pretty or JSON lines) with request ids and secret redaction."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

_SECRET_KEY = re.compile(r"pass(word)?|secret|token|api[_-]?key|authorization|cookie", re.I)
_REDACTED = "***"


def redact_secrets(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Replace the value of any field whose name looks like a credential."""
    for key in list(event):
        if key != "event" and _SECRET_KEY.search(key):
            event[key] = _REDACTED
    return event


def configure_logging(level: str = "INFO", fmt: str = "pretty") -> None:
    """Route structlog and the standard library through one renderer."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_secrets,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info if fmt == "json" else _passthrough,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "huey", "huey.consumer"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    # Access lines are logged by our own request middleware, with the request id.
    logging.getLogger("uvicorn.access").disabled = True
    # Library chatter (migration plugins, per-task timings) stays out of INFO.
    for name in ("huey", "huey.consumer", "alembic"):
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))


def _passthrough(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    return event

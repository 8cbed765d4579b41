"""FastAPI app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from tendarr import __version__
from tendarr.api.context import AppContext
from tendarr.api.errors import install_error_handlers
from tendarr.api.metrics import Metrics
from tendarr.api.middleware import BodyLimitMiddleware, RequestContextMiddleware
from tendarr.api.ratelimit import LoginLimiter
from tendarr.api.routes import (
    arr,
    auth,
    cleanup,
    deletion_history,
    events,
    health,
    household,
    household_sign_in,
    jobs,
    leaving_soon,
    library,
    pages,
    protection,
    request_apps,
    restorations,
    retention,
    server_sign_in,
    servers,
    settings,
    setup,
    system,
    viper,
)
from tendarr.web import STATIC_DIR


def create_app(context: AppContext) -> FastAPI:
    """Build the ASGI app around a service context."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        for start in context.on_startup:
            start()
        try:
            yield
        finally:
            for stop in reversed(context.on_shutdown):
                stop()

    app = FastAPI(
        title="Tendarr",
        version=__version__,
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        description="Tends a Plex/Jellyfin/Emby library through its whole life. "
        "Authenticate with the session cookie, `X-Api-Key` or `Authorization: Bearer`. "
        'Errors are `{"error", "code"}`. `/api/v1` is reserved for the '
        "Overseerr-compatible API.",
    )
    app.state.context = context
    app.state.metrics = Metrics(context.status)
    app.state.login_limiter = LoginLimiter(context.config.login_attempts_per_minute)
    install_error_handlers(app)
    routers = (
        health,
        setup,
        auth,
        household_sign_in,
        settings,
        server_sign_in,
        servers,
        library,
        household,
        cleanup,
        leaving_soon,
        deletion_history,
        protection,
        restorations,
        arr,
        request_apps,
        retention,
        viper,
        jobs,
        events,
    )
    for module in (*routers, system, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_middleware(BodyLimitMiddleware, max_bytes=context.config.max_body_bytes)
    if context.config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(context.config.cors_origins),
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(RequestContextMiddleware, observe=app.state.metrics.observe)
    return app

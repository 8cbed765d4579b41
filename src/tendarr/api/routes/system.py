"""Installation status, version, Prometheus metrics and the API documentation."""

from __future__ import annotations

import platform

from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from tendarr import __version__
from tendarr.api.deps import Context, CurrentCaller, require_caller
from tendarr.api.schemas import SystemStatusOut, VersionOut, WorkerOut

router = APIRouter(tags=["system"])


@router.get("/api/system/status", summary="Version, database, queue, workers and job counts")
def system_status(caller: CurrentCaller, context: Context) -> SystemStatusOut:
    """Return a snapshot of the installation."""
    snap = context.status.status()
    return SystemStatusOut(
        version=snap.version,
        database=snap.database,
        queue=snap.queue,
        workers=[WorkerOut(name=w.name, queues=w.queues) for w in snap.workers],
        jobs=snap.jobs,
        queue_depth=snap.queue_depth,
    )


@router.get("/api/system/version", summary="Tendarr version")
def system_version(caller: CurrentCaller) -> VersionOut:
    """Return the running version."""
    return VersionOut(version=__version__, python=platform.python_version())


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request, context: Context) -> Response:
    """Prometheus exposition; needs credentials unless security.metrics_public is on."""
    if not context.settings.current().security.metrics_public:
        require_caller(request, context)
    body = request.app.state.metrics.render()
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


@router.get("/api/openapi.json", include_in_schema=False)
def openapi(request: Request, caller: CurrentCaller) -> JSONResponse:
    """Return the OpenAPI document."""
    return JSONResponse(request.app.openapi())


@router.get("/api/docs", include_in_schema=False)
def docs(caller: CurrentCaller) -> HTMLResponse:
    """Serve the interactive API documentation."""
    return get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="Tendarr API",
        swagger_js_url="/static/vendor/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )

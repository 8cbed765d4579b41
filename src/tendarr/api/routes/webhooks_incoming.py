"""The universal webhook (API key or webhook secret), its history and pending batches.

``POST /api/webhooks/incoming`` takes JSON or Plex's multipart ``payload`` part. Auth: an
admin's API key (``X-Api-Key`` / ``Authorization: Bearer``), or the webhook secret as
``X-Webhook-Secret``, ``?token=``, a Bearer token or an HTTP Basic password (what Sonarr's
and Radarr's webhook username/password fields send). Session cookies are not accepted.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.preview_context import Previews, PreviewsApi, get_previews
from tendarr.api.preview_schemas import (
    FiredJobs,
    FlushBody,
    PendingList,
    PendingOut,
    WebhookConfigOut,
    WebhookEventOut,
    WebhookHistory,
    WebhookReceiptOut,
)
from tendarr.api.schemas import JobOut
from tendarr.domain.errors import Forbidden, Unauthorized
from tendarr.domain.previews.webhook_types import WebhookUnrecognised
from tendarr.services.authenticate import AuthService
from tendarr.services.webhooks_incoming import WebhookIntake

router = APIRouter(tags=["webhooks"])

INCOMING = "/api/webhooks/incoming"
_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "A test event: the URL and credentials work"},
    400: {"description": "Unrecognised body, or an import that names no file"},
    401: {"description": "Neither the API key nor the webhook secret"},
    413: {"description": "Body over 1 MiB"},
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"payload": {"type": "string"}}}
            },
        },
    }
}


@router.post(
    INCOMING,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Universal webhook: Sonarr, Radarr, Plex, Jellyfin, Emby or {file_path(s)}",
    response_model=WebhookReceiptOut,
    responses=_ANSWERS,
    openapi_extra=_BODY,
)
async def incoming(request: Request, context: Context) -> JSONResponse:
    """Recognise the sender, queue the files into its debounced batch (or ignore noise)."""
    return await _receive(request, context, None)


@router.post(
    INCOMING + "/{server_id}",
    status_code=status.HTTP_202_ACCEPTED,
    summary="The universal webhook pinned to one server (its path mappings, its items)",
    response_model=WebhookReceiptOut,
    responses={**_ANSWERS, 404: {"description": "No such server"}},
    openapi_extra=_BODY,
)
async def incoming_pinned(server_id: str, request: Request, context: Context) -> JSONResponse:
    """Like the universal URL, for when several servers own the same paths."""
    return await _receive(request, context, server_id)


@router.get("/api/webhooks/history", summary="Received webhooks, newest first")
def history(
    caller: AdminCaller,
    previews: Previews,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    status_filter: Annotated[str | None, Query(alias="status", max_length=16)] = None,
) -> WebhookHistory:
    """Return each webhook: accepted, ignored, rejected or duplicate, with its job."""
    events = previews.webhooks.history(limit, offset, status_filter)
    return WebhookHistory(events=[WebhookEventOut.of(e) for e in events])


@router.get("/api/webhooks/pending", summary="Batches waiting for their debounce or retry")
def pending(caller: AdminCaller, previews: Previews) -> PendingList:
    """Return pending webhook batches and not-indexed retries, soonest first."""
    return PendingList(pending=[PendingOut.of(b) for b in previews.webhooks.pending()])


@router.post("/api/webhooks/flush", summary="Fire pending batches now")
def flush(caller: AdminCaller, previews: Previews, body: FlushBody | None = None) -> FiredJobs:
    """Skip the wait: start every pending batch (or the one named ``key``) as a job now."""
    jobs = previews.webhooks.fire_now(body.key if body else None)
    return FiredJobs(jobs=[JobOut.of(j) for j in jobs])


@router.get("/api/webhooks/config", summary="Webhook URL and secret for Sonarr/Radarr/Plex")
def webhook_config(caller: AdminCaller, previews: Previews) -> WebhookConfigOut:
    """Return the secret (generated on first use) and the URLs to configure."""
    return WebhookConfigOut(
        secret=previews.webhooks.secret(), url=INCOMING, pinned_url=INCOMING + "/{server_id}"
    )


async def _receive(request: Request, context: Context, server_id: str | None) -> JSONResponse:
    previews = get_previews(request)
    await run_in_threadpool(_authorise, request, context.auth, previews.webhooks)
    body = await _parsed_body(request, previews, server_id)
    receipt = await run_in_threadpool(previews.webhooks.receive, body, server_id=server_id)
    code = status.HTTP_200_OK if receipt.status == "test" else status.HTTP_202_ACCEPTED
    return JSONResponse(WebhookReceiptOut.of(receipt).model_dump(mode="json"), status_code=code)


def _authorise(request: Request, auth: AuthService, intake: WebhookIntake) -> None:
    """Accept the webhook secret or an admin's API key; nothing else."""
    headers = request.headers
    scheme, _, credential = headers.get("authorization", "").partition(" ")
    bearer = credential.strip() if scheme.lower() == "bearer" else ""
    basic = _basic_password(credential) if scheme.lower() == "basic" else ""
    token = request.query_params.get("token", "")
    secrets = (headers.get("x-webhook-secret", ""), token, bearer, basic)
    if any(intake.secret_matches(s) for s in secrets if s):
        return
    for key in (headers.get("x-api-key", "").strip(), bearer, token):
        if not key:
            continue
        user = auth.api_key_user(key)
        if user is not None:
            if not user.is_admin:
                raise Forbidden("webhooks need an administrator's API key")
            return
    raise Unauthorized("send the API key (X-Api-Key) or the webhook secret (X-Webhook-Secret)")


def _basic_password(credential: str) -> str:
    try:
        decoded = base64.b64decode(credential.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[2]


async def _parsed_body(request: Request, previews: PreviewsApi, server_id: str | None) -> object:
    content_type = request.headers.get("content-type", "")
    raw: str | bytes
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        part = form.get("payload")
        if isinstance(part, UploadFile):
            raw = await part.read()
        elif isinstance(part, str):
            raw = part
        else:
            raise await _rejected(previews, "a form webhook needs a 'payload' part", server_id)
    else:
        raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError:
        raise await _rejected(previews, "the webhook body is not JSON", server_id) from None


async def _rejected(
    previews: PreviewsApi, reason: str, server_id: str | None
) -> WebhookUnrecognised:
    """Record a rejected body and return the error to raise."""
    await run_in_threadpool(previews.webhooks.reject, reason, server_id=server_id)
    return WebhookUnrecognised(reason)

"""The webhook agent's settings endpoints, with the template stored as Overseerr stores it."""

from __future__ import annotations

import base64
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tendarr.sim.model import User
from tendarr.sim.seerr.http import json_body
from tendarr.sim.seerr.state import ADMIN, SeerrError, SeerrState, Webhook
from tendarr.sim.seerr.webhook import DEFAULT_TEMPLATE, WebhookSender, sample_notification


def encode_template(template: dict[str, Any]) -> str:
    """Return ``jsonPayload``: base64 of the template text as a JSON string (parsed twice)."""
    text = json.dumps(template, indent=2, ensure_ascii=False)
    return base64.b64encode(json.dumps(text).encode()).decode()


def decode_template(payload: str) -> dict[str, Any]:
    """Return the template inside a ``jsonPayload``, refusing what the agent cannot parse."""
    try:
        template = json.loads(json.loads(base64.b64decode(payload, validate=True)))
    except ValueError as err:
        raise SeerrError(500, "Unable to parse the JSON payload.") from err
    if not isinstance(template, dict):
        raise SeerrError(500, "Unable to parse the JSON payload.")
    return template


def settings_json(state: SeerrState) -> dict[str, Any]:
    """Return ``WebhookSettings`` as ``GET /settings/notifications/webhook`` sends it."""
    hook = state.webhook
    if hook is None:
        options: dict[str, Any] = {
            "webhookUrl": "",
            "jsonPayload": encode_template(DEFAULT_TEMPLATE),
        }
        return {"enabled": False, "embedPoster": True, "types": 0, "options": options}
    options = {
        "webhookUrl": hook.url,
        "jsonPayload": encode_template(hook.template or DEFAULT_TEMPLATE),
    }
    if hook.authorization:
        options["authHeader"] = hook.authorization
    return {"enabled": hook.enabled, "embedPoster": True, "types": hook.types, "options": options}


def _webhook_from(body: dict[str, Any]) -> Webhook:
    options = body.get("options") or {}
    template = options.get("jsonPayload")
    return Webhook(
        url=str(options.get("webhookUrl") or ""),
        authorization=options.get("authHeader") or None,
        template=decode_template(template) if template else None,
        enabled=bool(body.get("enabled", False)),
        types=int(body.get("types") or 0),
    )


def _admin_only(state: SeerrState, user: User) -> None:
    if not state.can(user, ADMIN):
        raise SeerrError(403, "forbidden")


async def get_webhook(state: SeerrState, request: Request, user: User) -> Response:
    """Return the webhook agent's settings."""
    _admin_only(state, user)
    return JSONResponse(settings_json(state))


async def post_webhook(state: SeerrState, request: Request, user: User) -> Response:
    """Replace the webhook agent's settings."""
    _admin_only(state, user)
    state.webhook = _webhook_from(await json_body(request))
    return JSONResponse(settings_json(state))


async def send_test_webhook(state: SeerrState, request: Request, user: User) -> Response:
    """Send the test notification with the posted (unsaved) settings."""
    _admin_only(state, user)
    saved, state.webhook = state.webhook, _webhook_from(await json_body(request))
    try:
        if isinstance(state.notify, WebhookSender):
            state.notify.send(sample_notification(state))
    finally:
        state.webhook = saved
    return Response(status_code=204)

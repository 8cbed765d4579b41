"""Webhook connections: registration, the Test event, and delivery with httpx."""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass, field

import httpx

from tendarr.sim.arr.media import App
from tendarr.sim.arr.wire import Json, failure, prune

FLAGS: dict[App, list[str]] = {
    "sonarr": [
        "onGrab",
        "onDownload",
        "onUpgrade",
        "onImportComplete",
        "onRename",
        "onSeriesAdd",
        "onSeriesDelete",
        "onEpisodeFileDelete",
        "onEpisodeFileDeleteForUpgrade",
        "onHealthIssue",
        "includeHealthWarnings",
        "onHealthRestored",
        "onApplicationUpdate",
        "onManualInteractionRequired",
    ],
    "radarr": [
        "onGrab",
        "onDownload",
        "onUpgrade",
        "onRename",
        "onMovieAdded",
        "onMovieDelete",
        "onMovieFileDelete",
        "onMovieFileDeleteForUpgrade",
        "onHealthIssue",
        "includeHealthWarnings",
        "onHealthRestored",
        "onApplicationUpdate",
        "onManualInteractionRequired",
    ],
}
IN_REQUEST: ContextVar[bool] = ContextVar("arr_sim_in_request", default=False)


@dataclass
class Connection:
    """A registered Webhook connection."""

    id: int
    name: str
    url: str
    method: int = 1  # 1 POST, 2 PUT
    username: str = ""
    password: str = ""
    headers: list[Json] = field(default_factory=list)
    flags: dict[str, bool] = field(default_factory=dict)
    tags: list[int] = field(default_factory=list)


@dataclass
class Delivery:
    """One webhook call and how it went."""

    connection_id: int
    url: str
    payload: Json
    status: int | None = None
    error: str | None = None


class Notifier:
    """Hold connections and deliver payloads; deliveries made inside a request wait for it."""

    def __init__(
        self,
        app: App,
        instance_name: str,
        version: str,
        application_url: str = "",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.app = app
        self.instance_name = instance_name
        self.version = version
        self.application_url = application_url
        self.transport = transport
        self.connections: dict[int, Connection] = {}
        self.outbox: list[Delivery] = []
        self.delivered: list[Delivery] = []
        self._next_id = 1

    # --- registration -------------------------------------------------------------
    def schema(self) -> list[Json]:
        """Return ``GET /notification/schema`` (the Webhook template only)."""
        template = self.resource(Connection(0, "", ""))
        template.pop("id")
        template.pop("name")
        template["presets"] = []
        return [template]

    def resource(self, conn: Connection) -> Json:
        """Return a ``NotificationResource``."""
        flags = {name: conn.flags.get(name, False) for name in FLAGS[self.app]}
        supports = {
            "supports" + name[0].upper() + name[1:]: True
            for name in FLAGS[self.app]
            if name != "includeHealthWarnings"
        }
        return {
            "id": conn.id or None,
            "name": conn.name or None,
            "fields": _fields(conn),
            "implementationName": "Webhook",
            "implementation": "Webhook",
            "configContract": "WebhookSettings",
            "infoLink": f"https://wiki.servarr.com/{self.app}/supported#webhook",
            "tags": conn.tags,
            **flags,
            **supports,
        }

    def parse(self, body: Json) -> tuple[Connection | None, list[Json]]:
        """Return the connection a ``NotificationResource`` body describes, or failures."""
        values = {f.get("name"): f.get("value") for f in body.get("fields") or []}
        url = str(values.get("url") or "")
        problems = []
        if body.get("implementation") != "Webhook":
            problems.append(failure("Implementation", "Only Webhook is simulated", None))
        if not str(body.get("name") or "").strip():
            problems.append(failure("Name", "'Name' must not be empty.", "", "NotEmptyValidator"))
        if not url.startswith(("http://", "https://")):
            problems.append(failure("Url", f"Invalid Url: '{url}'", url, "UrlValidator"))
        if problems:
            return None, problems
        conn = Connection(
            0,
            str(body["name"]),
            url,
            int(values.get("method") or 1),
            str(values.get("username") or ""),
            str(values.get("password") or ""),
            list(values.get("headers") or []),
            {name: bool(body.get(name, False)) for name in FLAGS[self.app]},
            [int(t) for t in body.get("tags") or []],
        )
        return conn, []

    def add(self, conn: Connection) -> Connection:
        """Store a connection under a new id."""
        conn.id = self._next_id
        self._next_id += 1
        self.connections[conn.id] = conn
        return conn

    # --- delivery -------------------------------------------------------------------
    def emit(self, flag: str, payload: Json) -> None:
        """Queue ``payload`` for every connection with ``flag`` on; send now outside requests."""
        for conn in self.connections.values():
            if conn.flags.get(flag):
                self.outbox.append(Delivery(conn.id, conn.url, self._stamp(payload)))
        if not IN_REQUEST.get():
            self.flush()

    def test(self, conn: Connection, payload: Json) -> str | None:
        """Send a ``Test`` event to ``conn``; return the error message when it fails."""
        delivery = Delivery(conn.id, conn.url, self._stamp(payload))
        self._send(conn, delivery)
        if delivery.error is None:
            return None
        return f"Unable to send test message: {delivery.error}"

    def flush(self) -> None:
        """Send every queued payload (the apps log failures and move on)."""
        while self.outbox:
            delivery = self.outbox.pop(0)
            conn = self.connections.get(delivery.connection_id)
            if conn is not None:
                self._send(conn, delivery)

    def _stamp(self, payload: Json) -> Json:
        stamped: Json = prune(
            {
                **payload,
                "instanceName": self.instance_name,
                "applicationUrl": self.application_url,
            }
        )
        return stamped

    def _send(self, conn: Connection, delivery: Delivery) -> None:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"{self.instance_name}/{self.version}",
        }
        for header in conn.headers:
            headers[str(header.get("key"))] = str(header.get("value"))
        auth = (conn.username, conn.password) if conn.username else None
        content = json.dumps(delivery.payload).encode()
        try:
            with httpx.Client(transport=self.transport, timeout=10.0) as client:
                response = client.request(
                    "PUT" if conn.method == 2 else "POST",
                    conn.url,
                    content=content,
                    headers=headers,
                    auth=auth,
                )
            delivery.status = response.status_code
            if response.status_code >= 400:
                delivery.error = f"{response.status_code} {response.reason_phrase}"
        except httpx.HTTPError as err:
            delivery.error = str(err) or type(err).__name__
        self.delivered.append(delivery)


def _fields(conn: Connection) -> list[Json]:
    return [
        {
            "order": 0,
            "name": "url",
            "label": "Webhook URL",
            "value": conn.url or None,
            "type": "url",
            "advanced": False,
            "privacy": "normal",
            "isFloat": False,
        },
        {
            "order": 1,
            "name": "method",
            "label": "Method",
            "helpText": "Which HTTP method to use submit to the Webservice",
            "value": conn.method,
            "type": "select",
            "advanced": False,
            "selectOptions": [
                {"value": 1, "name": "POST", "order": 1},
                {"value": 2, "name": "PUT", "order": 2},
            ],
            "privacy": "normal",
            "isFloat": False,
        },
        {
            "order": 2,
            "name": "username",
            "label": "Username",
            "value": conn.username or None,
            "type": "textbox",
            "advanced": False,
            "privacy": "userName",
            "isFloat": False,
        },
        {
            "order": 3,
            "name": "password",
            "label": "Password",
            "value": "********" if conn.password else None,
            "type": "password",
            "advanced": False,
            "privacy": "password",
            "isFloat": False,
        },
        {
            "order": 4,
            "name": "headers",
            "label": "Headers",
            "value": conn.headers,
            "type": "keyValueList",
            "advanced": True,
            "privacy": "normal",
            "isFloat": False,
        },
    ]

"""Browser pages: server-rendered shells that talk to the JSON API."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from tendarr import __version__
from tendarr.api.context import AppContext
from tendarr.api.deps import Caller, Context, identify
from tendarr.web import TEMPLATES_DIR

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def _render(
    request: Request, context: AppContext, name: str, caller: Caller | None, **extra: Any
) -> HTMLResponse:
    values: dict[str, Any] = {
        "user": caller.user if caller else None,
        "csrf_token": caller.csrf_token if caller else None,
        "instance_name": context.settings.current().general.instance_name,
        "version": __version__,
        "auth_method": context.auth.setup_status().auth_method,
        **extra,
    }
    return templates.TemplateResponse(request, name, values)


def _app_page(
    request: Request,
    context: AppContext,
    name: str,
    active: str,
    *,
    admins_only: bool = False,
    **extra: Any,
) -> Response:
    if not context.auth.setup_status().setup_complete:
        return RedirectResponse("/setup", status_code=303)
    caller = identify(request, context)
    if caller is None:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    if admins_only and not caller.user.is_admin:
        return RedirectResponse("/", status_code=303)  # members have no business here
    return _render(request, context, name, caller, active=active, **extra)


@router.get("/setup")
def setup_page(request: Request, context: Context) -> Response:
    """First-run wizard; once set up, go to the dashboard."""
    if context.auth.setup_status().setup_complete:
        return RedirectResponse("/", status_code=303)
    return _render(request, context, "setup.html", None)


@router.get("/login")
def login_page(request: Request, context: Context) -> Response:
    """Sign-in form."""
    state = context.auth.setup_status()
    if not state.setup_complete:
        return RedirectResponse("/setup", status_code=303)
    if identify(request, context) is not None:
        return RedirectResponse("/", status_code=303)
    return _render(request, context, "login.html", None)


@router.get("/")
def dashboard_page(request: Request, context: Context) -> Response:
    """System status and recent jobs."""
    return _app_page(request, context, "dashboard.html", "dashboard")


@router.get("/jobs")
def jobs_page(request: Request, context: Context) -> Response:
    """Every job with live progress."""
    return _app_page(request, context, "jobs.html", "jobs")


@router.get("/settings")
def settings_page(request: Request, context: Context) -> Response:
    """General, jobs and security settings, API key and backups."""
    return _app_page(request, context, "settings.html", "settings")


@router.get("/servers")
def servers_page(request: Request, context: Context) -> Response:
    """Media servers: connections, libraries and syncs."""
    return _app_page(request, context, "servers.html", "servers", admins_only=True)


@router.get("/integrations")
def integrations_page(request: Request, context: Context) -> Response:
    """Sonarr, Radarr and Overseerr/Jellyseerr connections (admins): add, test, edit, delete."""
    return _app_page(request, context, "integrations.html", "integrations", admins_only=True)


@router.get("/library")
def library_page(request: Request, context: Context) -> Response:
    """The merged library of every server, with filters."""
    return _app_page(request, context, "library.html", "library")


@router.get("/library/{item_id}")
def item_page(request: Request, item_id: int, context: Context) -> Response:
    """One title: details, the copies each server holds and its seasons or episodes."""
    return _app_page(request, context, "item.html", "library", item_id=item_id)


@router.get("/users")
def users_page(request: Request, context: Context) -> Response:
    """The household (admins): people, their server accounts, syncs and what is playing."""
    return _app_page(request, context, "users.html", "users", admins_only=True)


@router.get("/history")
def history_page(request: Request, context: Context) -> Response:
    """Watch history from every server; members see their own."""
    return _app_page(request, context, "history.html", "history")


@router.get("/previews")
def previews_page(request: Request, context: Context) -> Response:
    """Preview jobs, schedules, webhooks, the path tester and the viewer (admins)."""
    return _app_page(request, context, "previews.html", "previews", admins_only=True)


@router.get("/cleanup")
def cleanup_page(request: Request, context: Context) -> Response:
    """Cleanup rules (admins): the editor, its condition builder and "Preview matches"."""
    return _app_page(request, context, "cleanup.html", "cleanup", admins_only=True)


@router.get("/deletions")
def deletions_page(request: Request, context: Context) -> Response:
    """Deletion history (admins): space freed, every deletion with its steps, restore."""
    return _app_page(request, context, "deletions.html", "deletions", admins_only=True)


@router.get("/viper")
def viper_page(request: Request, context: Context) -> Response:
    """VIPER (admins): each viewer's bubble drawn per show, with every episode's reasons."""
    return _app_page(request, context, "viper.html", "viper", admins_only=True)

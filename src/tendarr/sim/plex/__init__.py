"""Plex simulators: Plex Media Server, plex.tv (sign-in, account, sharing) and Discover."""

from tendarr.sim.plex.app import create_app, credentials, plex_state
from tendarr.sim.plex.discover import create_discover_app
from tendarr.sim.plex.events import start_session, stop_session, update_session
from tendarr.sim.plex.plextv import PlexTvState, approve_pin, create_plextv_app
from tendarr.sim.plex.state import PlexState
from tendarr.sim.plex.webhooks import WebhookOutbox

__all__ = [
    "PlexState",
    "PlexTvState",
    "WebhookOutbox",
    "approve_pin",
    "create_app",
    "create_discover_app",
    "create_plextv_app",
    "credentials",
    "plex_state",
    "start_session",
    "stop_session",
    "update_session",
]

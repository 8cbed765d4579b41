"""Everything the HTTP edge needs, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tendarr.services.authenticate import AuthService
from tendarr.services.browse_library import LibraryBrowser
from tendarr.services.cleanup_rules import CleanupRuleService
from tendarr.services.deletion_history import DeletionHistoryService
from tendarr.services.household import HouseholdService
from tendarr.services.household_sign_in import HouseholdSignIn
from tendarr.services.job_events import EventHub
from tendarr.services.leaving_soon import LeavingSoonService
from tendarr.services.manage_arr import ArrService
from tendarr.services.manage_jobs import JobService
from tendarr.services.manage_request_apps import RequestAppService
from tendarr.services.manage_servers import ServerService
from tendarr.services.manage_settings import SettingsService
from tendarr.services.protection import ProtectionService
from tendarr.services.restoration import RestorationService
from tendarr.services.retention import RetentionService
from tendarr.services.sign_in_servers import ServerSignIn
from tendarr.services.system_status import SystemStatusService
from tendarr.services.viper import ViperService
from tendarr.services.watchlists import OwnWatchlist


@dataclass(frozen=True)
class WebConfig:
    """HTTP-level knobs from the infrastructure settings."""

    https: bool = False
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 1024 * 1024
    login_attempts_per_minute: int = 10


@dataclass
class AppContext:
    """Services and lifecycle hooks for one app instance."""

    auth: AuthService
    settings: SettingsService
    jobs: JobService
    status: SystemStatusService
    hub: EventHub
    servers: ServerService | None = None
    library: LibraryBrowser | None = None
    sign_in: ServerSignIn | None = None
    household: HouseholdService | None = None
    household_sign_in: HouseholdSignIn | None = None
    watchlist: OwnWatchlist | None = None
    cleanup: CleanupRuleService | None = None
    leaving_soon: LeavingSoonService | None = None
    deletion_history: DeletionHistoryService | None = None
    arr: ArrService | None = None
    request_apps: RequestAppService | None = None
    retention: RetentionService | None = None
    viper: ViperService | None = None
    protection: ProtectionService | None = None
    restorations: RestorationService | None = None
    config: WebConfig = field(default_factory=WebConfig)
    on_startup: list[Callable[[], None]] = field(default_factory=list)
    on_shutdown: list[Callable[[], None]] = field(default_factory=list)

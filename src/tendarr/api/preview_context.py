"""The preview services the HTTP edge calls, found on ``app.state.previews``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from tendarr.domain.errors import ValidationFailed
from tendarr.services.path_tester import PathTester
from tendarr.services.preview_jobs import PreviewJobService
from tendarr.services.preview_schedules import ScheduleService
from tendarr.services.webhooks_incoming import WebhookIntake


@dataclass(frozen=True)
class PreviewsApi:
    """Preview jobs, schedules and incoming webhooks, as built by the composition root."""

    jobs: PreviewJobService
    schedules: ScheduleService
    webhooks: WebhookIntake
    path_tester: PathTester | None = None


def get_previews(request: Request) -> PreviewsApi:
    """Return the preview services of this app."""
    found = getattr(request.app.state, "previews", None)
    if not isinstance(found, PreviewsApi):
        raise ValidationFailed("previews are not available in this process")
    return found


Previews = Annotated[PreviewsApi, Depends(get_previews)]

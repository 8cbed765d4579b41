"""A demonstration job: counts through steps so progress, cancel and retry can be seen."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from tendarr.domain.errors import ValidationFailed
from tendarr.ports.job_queue import JobContext
from tendarr.services.job_types import JobType

MAX_STEPS = 10_000
MAX_STEP_SECONDS = 10.0


class DemoFailure(RuntimeError):
    """The failure a demo job is told to simulate."""


def check_demo_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a demo payload: steps, seconds per step, attempts that should fail."""

    def number(name: str, default: float, low: float, high: float) -> float:
        value = payload.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationFailed(f"{name} must be a number")
        if not low <= value <= high:
            raise ValidationFailed(f"{name} must be between {low:g} and {high:g}")
        return float(value)

    unknown = set(payload) - {"steps", "step_seconds", "fail_attempts"}
    if unknown:
        raise ValidationFailed(f"unknown demo option(s): {', '.join(sorted(unknown))}")
    return {
        "steps": int(number("steps", 20, 1, MAX_STEPS)),
        "step_seconds": number("step_seconds", 0.25, 0, MAX_STEP_SECONDS),
        "fail_attempts": int(number("fail_attempts", 0, 0, 20)),
    }


def run_demo(ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Count to ``steps``, sleeping between steps; fail the first ``fail_attempts`` runs."""
    steps = int(payload["steps"])
    pause = float(payload["step_seconds"])
    attempt = ctx.attempt
    ctx.progress(0, steps, "starting")
    for step in range(1, steps + 1):
        time.sleep(pause)
        if step == max(1, steps // 2) and attempt <= int(payload["fail_attempts"]):
            raise DemoFailure(f"simulated failure on attempt {attempt}")
        ctx.progress(step, steps, f"step {step} of {steps}")
    return {"steps": steps, "attempt": attempt}


DEMO_JOB = JobType(
    name="demo.count",
    title="Demo: count",
    handler=run_demo,
    check_payload=check_demo_payload,
    user_startable=True,
)

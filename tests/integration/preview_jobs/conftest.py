"""A runtime on each database with the preview services wired over typed fakes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tendarr.bootstrap import Runtime
from tests.preview_support import PreviewStack, preview_stack
from tests.support import FakeClock, install_env, make_runtime


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def rt(tmp_path: Path, database_url: str, clock: FakeClock) -> Iterator[Runtime]:
    runtime = make_runtime(install_env(tmp_path / "data", database_url), clock=clock)
    yield runtime
    runtime.close()


@pytest.fixture
def stack(rt: Runtime, clock: FakeClock) -> PreviewStack:
    return preview_stack(rt, clock)

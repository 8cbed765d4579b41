"""Login rate limiting per client, with X-RateLimit-* headers."""

from __future__ import annotations

import math
import time

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from tendarr.domain.errors import RateLimited


class LoginLimiter:
    """Allow ``per_minute`` attempts per client in any sliding minute."""

    def __init__(self, per_minute: int) -> None:
        self._item = RateLimitItemPerMinute(per_minute)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, client: str) -> dict[str, str]:
        """Count an attempt; return the headers to send, or raise RateLimited."""
        allowed = self._limiter.hit(self._item, "login", client)
        stats = self._limiter.get_window_stats(self._item, "login", client)
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        headers = {
            "X-RateLimit-Limit": str(self._item.amount),
            "X-RateLimit-Remaining": str(max(0, stats.remaining)),
            "X-RateLimit-Reset": str(reset),
        }
        if not allowed:
            raise RateLimitedWithHeaders(
                "too many login attempts; try again later", max(1, reset), headers
            )
        return headers


class RateLimitedWithHeaders(RateLimited):
    """RateLimited that carries the X-RateLimit-* headers too."""

    def __init__(self, message: str, retry_after: int, headers: dict[str, str]) -> None:
        super().__init__(message, retry_after)
        self.headers = headers

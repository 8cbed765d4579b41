"""Prometheus metrics for one app instance (its own registry, no globals)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from tendarr.services.system_status import SystemStatusService


class _JobCollector(Collector):
    def __init__(self, status: SystemStatusService) -> None:
        self._status = status

    def collect(self) -> Iterator[GaugeMetricFamily]:
        snapshot = self._status.status()
        jobs = GaugeMetricFamily("tendarr_jobs", "Jobs by state", labels=["state"])
        for state, count in snapshot.jobs.items():
            jobs.add_metric([state], count)
        yield jobs
        depth = GaugeMetricFamily("tendarr_queue_depth", "Messages waiting", labels=["queue"])
        for queue, count in snapshot.queue_depth.items():
            depth.add_metric([queue], count)
        yield depth
        workers = GaugeMetricFamily("tendarr_workers", "Worker processes seen alive")
        workers.add_metric([], len(snapshot.workers))
        yield workers


class Metrics:
    """HTTP request metrics plus job gauges read at scrape time."""

    def __init__(self, status: SystemStatusService) -> None:
        self.registry = CollectorRegistry()
        self._requests = Counter(
            "tendarr_http_requests",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self._latency = Histogram(
            "tendarr_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
        )
        self.registry.register(_JobCollector(status))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Record one request."""
        self._requests.labels(method, route, str(status)).inc()
        self._latency.labels(method, route).observe(seconds)

    def render(self) -> bytes:
        """Return the exposition text."""
        return generate_latest(self.registry)

"""Benchmark: compile 20 realistic cleanup rules and evaluate 50,000 items against them.

Target (issue 6): evaluating 50,000 items against 20 rules takes at most 2 s.

Two workloads, both over 50,000 generated items with mixed, partly unknown facts:
- ``mixed``: a library mix (40 % movies, 5 % shows, 10 % seasons, 45 % episodes) and 20
  rules spread over the four targets; each rule runs over all 50,000 items
  (``CompiledRule.outcomes``), items of another kind are FALSE at once.
- ``every pair``: every item a movie and every rule rewritten to target movies, so all
  1,000,000 (item, rule) pairs are evaluated (the worst case).

Timed: compile of the 20 rules + the fast-path outcome of every pair. Reported beside it:
building the facts (not timed against the target) and the explaining path (``evaluate`` +
``decide``) for the pairs a preview would list (matched or kept).

Run: .venv/bin/python bench/rules.py [--items N] [--seed N] [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import (
    Facts,
    Outcome,
    Unknown,
    compile_rule,
    decide,
    evaluate,
    validate_rule,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)
GIB = 1024**3
GENRES = ("Action", "Comedy", "Drama", "Horror", "Thriller", "Animation", "Documentary",
          "Science Fiction", "Romance", "Crime")  # fmt: skip
PROFILES = ("HD-1080p", "Ultra-HD", "Any", "SD")
ITEM_MIX = {ItemKind.MOVIE: 0.40, ItemKind.SHOW: 0.05, ItemKind.SEASON: 0.10,
            ItemKind.EPISODE: 0.45}  # fmt: skip
SHOW_ONLY = {"series_status", "network", "days_since_last_air"}


def c(prop: str, operator: str, value: Any = None) -> dict[str, Any]:
    """Return one condition document."""
    node: dict[str, Any] = {"property": prop, "operator": operator}
    if value is not None:
        node["value"] = value
    return node


def rule_bodies() -> list[tuple[ItemKind, list[dict[str, Any]]]]:
    """Return 20 (target, conditions) pairs of 3-8 conditions with nested all/any/not groups."""
    watched_old = [c("watched_by_anyone", "is_true"), c("days_since_last_watched", "gt", 30)]
    safe = [{"not": c("on_any_watchlist", "is_true")}, {"not": c("in_progress", "is_true")}]
    movie, show, season, episode = ItemKind.MOVIE, ItemKind.SHOW, ItemKind.SEASON, ItemKind.EPISODE
    return [
        (movie, [*watched_old, *safe]),
        (movie, [c("play_count", "eq", 0), c("days_since_added", "gt", 365), *safe,
                 {"any": [c("tmdb_rating", "lt", 5.5), c("imdb_rating", "lt", 5.0)]}]),
        (movie, [c("size_gb", "gt", 40), c("watched_by_all_active_members", "is_true"), *safe]),
        (movie, [c("genre", "contains_any", ["Horror", "Thriller"]), *watched_old,
                 {"not": c("label", "contains", "keep")}]),
        (episode, [c("root_free_percent", "lt", 10), c("days_since_last_watched", "gt", 180),
                   {"any": [c("resolution", "contains", "2160p"), c("size_gb", "gt", 30)]},
                   {"not": c("requested_by", "is_not_empty")}]),
        (movie, [c("watched_by_requester", "is_true"), c("days_since_requested", "gt", 30),
                 {"not": c("on_watchlist_of", "is_not_empty")}]),
        (movie, [c("days_since_added", "between", [90, 3650]), c("release_year", "lt", 2000),
                 c("play_count", "lte", 1),
                 {"all": [c("arr_monitored", "is_false"),
                          {"not": c("arr_tags", "contains", "keep")}]}]),
        (movie, [c("title", "matches", r"\b(cam|ts|telesync)\b"), c("days_since_added", "gt", 7)]),
        (movie, [{"any": [c("critic_rating", "lt", 40), c("tmdb_rating", "lt", 4)]},
                 c("days_since_last_watched", "gt", 90), *safe, c("collection", "is_empty")]),
        (episode, [c("dynamic_range", "contains", "SDR"),
                   c("resolution", "contains_any", ["720p", "480p"]),
                   c("arr_quality_profile", "in", ["HD-1080p", "Ultra-HD"]),
                   c("days_since_added", "gt", 60)]),
        (show, [c("series_status", "equals", "ended"), c("days_since_last_air", "gt", 365),
                *watched_old, {"not": c("in_progress", "is_true")}]),
        (show, [c("network", "contains", "HBO"), c("play_count", "eq", 0),
                c("days_since_added", "gt", 180), {"not": c("on_any_watchlist", "is_true")}]),
        (season, [c("size_gb", "gt", 100), c("days_since_last_watched", "within_last_days", 365),
                  {"any": [c("series_status", "equals", "ended"),
                           c("arr_monitored", "is_false")]}]),
        (season, [c("watched_by_all_active_members", "is_true"),
                  c("days_since_last_watched", "gt", 60),
                  {"not": {"any": [c("label", "contains", "keep"),
                                   c("arr_tags", "contains", "keep")]}}, *safe]),
        (movie, [c("genre", "contains", "Documentary"), c("days_since_release", "gt", 3650),
                 c("play_count", "lt", 2), {"not": c("on_any_watchlist", "is_true")}]),
        (episode, [c("present_on_server", "contains_all", ["plex-1", "jellyfin-1"]),
                   c("watched_by_anyone", "is_true"), c("days_since_last_watched", "gt", 45),
                   {"not": c("in_progress", "is_true")}]),
        (show, [c("language", "not_in", ["en", "de"]), c("play_count", "eq", 0),
                c("days_since_added", "gt", 120), {"not": c("requested_by", "is_not_empty")}]),
        (episode, [c("content_rating", "in", ["TV-Y", "TV-Y7", "G"]),
                   c("days_since_last_watched", "gt", 730),
                   {"any": [c("size_gb", "gt", 10), c("root_free_gb", "lt", 500)]}]),
        (movie, [{"any": [{"all": [c("video_codec", "contains", "h264"), c("size_gb", "gt", 20)]},
                          {"all": [c("audio_profile", "contains", "AAC"),
                                   c("release_year", "lt", 2010)]}]},
                 *watched_old, {"not": c("on_any_watchlist", "is_true")}]),
        (show, [c("days_since_added", "gt", 30), c("last_watched_by", "exists"),
                {"not": c("last_watched_by", "in", [1, 2])},
                c("watched_by", "contains_any", [3, 4, 5]), *safe]),
    ]  # fmt: skip


def make_rules(every_pair: bool) -> list[dict[str, Any]]:
    """Return the 20 rule documents (every pair: all retargeted to movies)."""
    docs = []
    for index, (target, body) in enumerate(rule_bodies()):
        if every_pair:
            body = [node for node in body if not SHOW_ONLY & _props([node])]
            target = ItemKind.MOVIE
        docs.append({"name": f"rule {index}", "target": target.value, "conditions": body})
    return docs


def _props(nodes: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for node in nodes:
        if "property" in node:
            found.add(node["property"])
        for key in ("all", "any"):
            found |= _props(node.get(key, []))
        if "not" in node:
            found |= _props([node["not"]])
    return found


def make_facts(rng: random.Random, kind: ItemKind) -> Facts:
    """Return facts for one item: mostly known, some empty, about 2 % unknown per source."""

    def ago(days: float) -> datetime:
        return NOW - timedelta(days=days)

    arr: dict[str, Any] = {
        "arr_monitored": rng.random() < 0.7,
        "arr_tags": rng.sample(("keep", "4k", "kids", "anime"), rng.randint(0, 2)),
        "arr_quality_profile": rng.choice(PROFILES),
    }
    if rng.random() < 0.1:
        arr = dict.fromkeys(arr)  # not managed by an *arr
    elif rng.random() < 0.02:
        arr = dict.fromkeys(arr, Unknown("Radarr timed out after 10 s", "radarr"))
    played = rng.random() < 0.6
    values: dict[str, Any] = {
        "watched_by_anyone": played,
        "watched_by_all_active_members": played and rng.random() < 0.3,
        "watched_by_requester": rng.choice((True, False, None)),
        "watched_by": rng.sample(range(1, 21), rng.randint(0, 4)) if played else [],
        "play_count": rng.randint(1, 12) if played else 0,
        "days_since_last_watched": ago(rng.uniform(0, 1500)) if played else None,
        "in_progress": rng.random() < 0.05,
        "last_watched_by": rng.randint(1, 20) if played else None,
        "days_since_added": ago(rng.uniform(0, 4000)),
        "release_year": rng.randint(1950, 2026),
        "days_since_release": ago(rng.uniform(0, 20000)),
        "days_since_last_air": ago(rng.uniform(0, 3000)),
        "title": f"Title {rng.randint(1, 10**6)} {rng.choice(('', 'CAM', 'Remastered'))}",
        "tmdb_rating": round(rng.uniform(1, 10), 1) if rng.random() < 0.9 else None,
        "imdb_rating": round(rng.uniform(1, 10), 1) if rng.random() < 0.8 else None,
        "critic_rating": rng.randint(0, 100) if rng.random() < 0.5 else None,
        "genre": rng.sample(GENRES, rng.randint(1, 3)),
        "network": rng.sample(("HBO", "Netflix", "BBC One", "AMC"), 1),
        "content_rating": rng.choice(("G", "PG", "PG-13", "R", "TV-MA", "TV-Y", None)),
        "collection": rng.sample(("Marvel", "Pixar", "Bond"), rng.randint(0, 1)),
        "label": rng.sample(("keep", "kids", "favourite"), rng.randint(0, 1)),
        "language": rng.choice(("en", "en", "en", "de", "fr", "ja", "ko")),
        "size_gb": int(rng.uniform(0.3, 80) * GIB),
        "resolution": [rng.choice(("2160p", "1080p", "720p", "480p"))],
        "dynamic_range": [rng.choice(("SDR", "SDR", "HDR10", "DV"))],
        "audio_profile": [rng.choice(("AAC", "EAC3", "Atmos (TrueHD)", "DTS-HD MA"))],
        "video_codec": [rng.choice(("h264", "hevc", "av1"))],
        "on_any_watchlist": rng.random() < 0.1 if rng.random() > 0.02 else Unknown("timed out"),
        "on_watchlist_of": rng.sample(range(1, 21), 1) if rng.random() < 0.1 else [],
        "requested_by": rng.sample(range(1, 21), 1) if rng.random() < 0.3 else [],
        "days_since_requested": ago(rng.uniform(0, 900)) if rng.random() < 0.3 else None,
        "series_status": rng.choice(("continuing", "ended")),
        "root_free_gb": int(rng.uniform(50, 4000) * GIB),
        "root_free_percent": rng.uniform(1, 60),
        "present_on_server": rng.sample(("plex-1", "jellyfin-1"), rng.randint(1, 2)),
        **arr,
    }
    if kind is ItemKind.MOVIE:
        for name in ("series_status", "network", "days_since_last_air"):
            del values[name]
        values["studio"] = ["Studio A"]
    return Facts(kind, values, library_ids=("plex-1:1",), watch_history_synced=True)


def timed_pass(
    documents: list[dict[str, Any]], facts: list[Facts]
) -> tuple[float, float, float, Any]:
    """Compile the rules and evaluate every item; return wall compile/evaluate s, CPU s."""
    cpu = time.process_time()
    started = time.perf_counter()
    compiled = [compile_rule(validate_rule(doc)) for doc in documents]
    compiled_at = time.perf_counter()
    results = [rule.outcomes(facts, NOW) for rule in compiled]
    finished = time.perf_counter()
    cpu = time.process_time() - cpu
    return compiled_at - started, finished - compiled_at, cpu, (compiled, results)


def run(items: int, seed: int, every_pair: bool, repeat: int) -> None:
    """Build the facts, time compile + fast-path evaluation, then the explaining path."""
    rng = random.Random(seed)
    kinds = list(ITEM_MIX)
    weights = list(ITEM_MIX.values())
    started = time.perf_counter()
    facts = [
        make_facts(rng, ItemKind.MOVIE if every_pair else rng.choices(kinds, weights)[0])
        for _ in range(items)
    ]
    built = time.perf_counter() - started
    documents = make_rules(every_pair)

    passes = [timed_pass(documents, facts) for _ in range(repeat)]
    totals = sorted(compile_s + evaluate_s for compile_s, evaluate_s, _, _ in passes)
    cpu_median = statistics.median(cpu for _, _, cpu, _ in passes)
    compile_s, evaluate_s, _, (compiled, results) = passes[-1]
    median, best = statistics.median(totals), totals[0]
    pairs = sum(1 for rule in compiled for item in facts if item.kind is rule.rule.target)
    matches = sum(outcomes.count(Outcome.TRUE) for outcomes in results)
    unknown = sum(outcomes.count(Outcome.UNKNOWN) for outcomes in results)

    explain_started = time.perf_counter()
    listed = 0
    for rule, outcomes in zip(compiled, results, strict=True):
        for item, outcome in zip(facts, outcomes, strict=True):
            if outcome is not Outcome.FALSE:  # what a preview or plan lists, with reasons
                decide(evaluate(rule, item, NOW))
                listed += 1
    explained = time.perf_counter() - explain_started

    name = "every pair" if every_pair else "mixed"
    print(
        f"[{name}] items={items:,} rules={len(compiled)} pairs evaluated={pairs:,} "
        f"matches={matches:,} unknown={unknown:,}\n"
        f"  facts built in {built:.2f} s (not counted)\n"
        f"  compile + evaluate, {repeat} runs: wall median {median:.2f} s, best {best:.2f} s, "
        f"CPU median {cpu_median:.2f} s (last: compile {compile_s:.4f} s + evaluate "
        f"{evaluate_s:.2f} s)\n"
        f"  -> {items / median:,.0f} items/s, {pairs / median:,.0f} pairs/s (median)\n"
        f"  explaining path (evaluate + decide) for the {listed:,} matched or kept pairs: "
        f"{explained:.2f} s"
    )


def main() -> None:
    """Run both workloads."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(args.items, args.seed, every_pair=False, repeat=args.repeat)
    run(args.items, args.seed, every_pair=True, repeat=args.repeat)


if __name__ == "__main__":
    main()

"""Benchmark: VIPER decides every episode of 500 shows watched by 20 viewers each.

Generated once per run (seeded, not timed): shows of 10-200 episodes in seasons of 6-24;
every show carries 20 viewers' watch state: a position anywhere in the show, one of
several paces (a binger at 3-6 a sitting, one a day, a few a week, one a week), the last
play 0-120 days ago (so some are inactive), dates as a media server reports them
(rewatches, a play in progress, now and then a missing date), and about 5 % of episodes
already deleted by Tendarr (redownload candidates). Timed: ``decide_shows`` over all of
them, in one process, repeated; the median and best wall time and the median CPU time
(which other load on the machine disturbs less) are printed.

Run: .venv/bin/python bench/viper.py [--shows 500] [--viewers 20] [--repeat 5] [--seed 6]
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.decide import decide_shows
from tendarr.domain.viper.inputs import (
    Completion,
    EpisodeState,
    InProgress,
    ShowInput,
    ViewerWatch,
)
from tendarr.domain.viper.order import EpisodeKey

NOW = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)
PACES = {  # (episodes per sitting, days between sittings)
    "binger": ((3, 6), (0.8, 1.5)),
    "daily": ((1, 1), (0.9, 1.2)),
    "weekly-ish": ((1, 2), (2.0, 4.0)),
    "weekly": ((1, 1), (6.0, 8.0)),
}


def season_keys(rng: random.Random) -> list[EpisodeKey]:
    """Return a show's episodes: 10-200 (mostly 30-80) in seasons of 6-24."""
    total = max(10, min(200, int(rng.lognormvariate(4.0, 0.6))))
    found: list[EpisodeKey] = []
    season = 1
    while len(found) < total:
        size = min(rng.randint(6, 24), total - len(found))
        found.extend(EpisodeKey(season, e) for e in range(1, size + 1))
        season += 1
    return found


def viewer(rng: random.Random, name: str, show_keys: list[EpisodeKey]) -> ViewerWatch:
    """Return one viewer's watch state on a show, paced as one of ``PACES``."""
    position = rng.randint(1, len(show_keys))
    (low, high), (gap_low, gap_high) = PACES[rng.choice(list(PACES))]
    last = NOW - timedelta(days=rng.choice([rng.uniform(0, 7), rng.uniform(0, 120)]))
    moment = last
    completions: list[Completion] = []
    remaining = position
    while remaining > 0:
        for _ in range(min(rng.randint(low, high), remaining)):
            key = show_keys[remaining - 1]
            at = None if rng.random() < 0.01 else moment
            completions.append(Completion(key, at))
            remaining -= 1
            moment -= timedelta(minutes=rng.uniform(40, 60))
        moment -= timedelta(days=rng.uniform(gap_low, gap_high))
    for _ in range(rng.randint(0, 3)):  # rewatches, reported again since the last play
        again = last + timedelta(hours=rng.uniform(1, 24))
        completions.append(Completion(rng.choice(show_keys[:position]), min(again, NOW)))
    started: tuple[InProgress, ...] = ()
    if position < len(show_keys) and rng.random() < 0.3:
        paused = last + timedelta(hours=rng.uniform(1, 24))
        started = (InProgress(show_keys[position], min(paused, NOW)),)
    return ViewerWatch(name, tuple(completions), started)


def household(shows: int, viewers: int, seed: int) -> list[ShowInput]:
    """Return ``shows`` generated shows with ``viewers`` viewers each."""
    rng = random.Random(seed)
    generated: list[ShowInput] = []
    for tvdb_id in range(1, shows + 1):
        show_keys = season_keys(rng)
        deleted = {k for k in show_keys if rng.random() < 0.05}
        generated.append(
            ShowInput(
                tvdb_id=tvdb_id,
                episodes=tuple(
                    EpisodeState(k, k not in deleted, unmonitored_by_tendarr=k in deleted)
                    for k in show_keys
                ),
                watch=tuple(viewer(rng, f"user{n}", show_keys) for n in range(viewers)),
                playing=frozenset(),
                redownloadable=True,
                download_time=timedelta(hours=rng.uniform(1, 48)),
            )
        )
    return generated


def main() -> int:
    """Generate the household, time the decisions, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=500)
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    shows = household(args.shows, args.viewers, args.seed)
    config = ViperConfig()
    timings: list[float] = []
    cpu: list[float] = []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        decisions = decide_shows(shows, NOW, config)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)

    episodes = sum(len(s.episodes) for s in shows)
    plays = sum(len(w.completions) for s in shows for w in s.watch or ())
    actions = Counter(e.action.value for d in decisions.values() for e in d.episodes)
    active = sum(b.active for d in decisions.values() for b in d.bubbles)
    print(f"python {sys.version.split()[0]} on {platform.platform()}")
    print(
        f"{len(shows)} shows, {episodes} episodes, {len(shows) * args.viewers} viewer states "
        f"({active} active), {plays} completions"
    )
    print("actions: " + ", ".join(f"{k} {v}" for k, v in sorted(actions.items())))
    print(
        f"decide all: wall median {statistics.median(timings):.3f} s, best {min(timings):.3f} s; "
        f"CPU median {statistics.median(cpu):.3f} s; {args.repeat} runs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

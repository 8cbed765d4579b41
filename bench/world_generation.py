"""Benchmark: generate large simulator worlds (target: 50,000 library items, 50 users, < 10 s).

Run: .venv/bin/python bench/world_generation.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from tendarr.sim.generate import WorldConfig, generate_world

SIZES = {
    "small (60 movies, 12 shows, 6 users)": WorldConfig(),
    "50k items, 50 users": WorldConfig(movies=20_000, shows=1_250, users=50),
}


def main() -> None:
    """Time each size ``--repeat`` times and print the median."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for label, config in SIZES.items():
        times, items, plays = [], 0, 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            world = generate_world(config)
            times.append(time.perf_counter() - started)
            items, plays = world.library_item_count(), len(world.plays)
        median = statistics.median(times)
        print(
            f"{label}: {items} library items, {len(world.users)} users, {plays} plays, "
            f"median {median:.2f} s of {args.repeat} ({items / median:,.0f} items/s)"
        )


if __name__ == "__main__":
    main()

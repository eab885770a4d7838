"""The options `kick show` and `kick run` share: where the workout is run and how many reps.

One definition, so that `show` always describes exactly the plan `run`
would time for the same command line.
"""

from __future__ import annotations

import argparse


def add_plan_options(parser: argparse.ArgumentParser, *, where_default: str) -> None:
    """`--where` and `--reps`; `where_default` says in the help what happens without `--where`."""
    parser.add_argument(
        "--where",
        choices=("track", "treadmill", "road"),
        help=f"where distance steps are run (default: {where_default})",
    )
    parser.add_argument(
        "--reps",
        type=reps_count,
        metavar="N[,N...]",
        help="repetitions for the first rep range (e.g. 6 for `repeat: 4-6`); N,M sets later ranges too",
    )


def reps_count(text: str) -> int | list[int]:
    """`6` → 6 (the first ranged repeat); `6,10` → [6, 10] (ranged repeats in order)."""
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of repetitions such as 6 or 6,10"
        ) from None
    if any(count < 1 for count in counts):
        raise argparse.ArgumentTypeError("repetitions must be at least 1")
    return counts[0] if len(counts) == 1 else counts

"""`kick schema`: print the JSON Schema (draft 2020-12) of the workout format.

Point an editor's YAML language server at the output (the built-ins carry
`# yaml-language-server: $schema=workout.schema.json`) to get completion and
checking while writing a workout by hand.
"""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "The same schema ships as workouts/workout.schema.json; "
        "redirect the output to keep your own copy beside your workouts."
    )


def run(args: argparse.Namespace) -> int:
    from kicktimer.workout.schema import schema_text

    sys.stdout.buffer.write(schema_text().encode("utf-8"))
    sys.stdout.flush()
    return 0

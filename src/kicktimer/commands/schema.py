"""`kick schema` (being built)."""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs="*")


def run(args: argparse.Namespace) -> int:
    print("kick schema: not built yet", file=sys.stderr)
    return 1

"""`kick cues`: the cue library, with when each cue fits and where it comes from."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kicktimer.core.cue_library import Fit

FIT_NAMES = {
    "before_start": "before start",
    "final_rep": "final rep",
    "closing": "closing",
    "second_half": "second half",
    "recovery": "recovery",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the library as JSON")
    parser.add_argument(
        "--fits",
        choices=sorted(FIT_NAMES),
        metavar="MOMENT",
        help="only cues that fit this moment: " + ", ".join(FIT_NAMES),
    )


def run(args: argparse.Namespace) -> int:
    from kicktimer.core.cue_library import CueKind, CueLibraryError, Fit
    from kicktimer.cues import load_cue_library, user_cues_path

    try:
        library = load_cue_library()
    except CueLibraryError as err:
        for problem in err.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    entries = [c for c in library.entries if args.fits is None or Fit(args.fits) in c.fits]
    path = user_cues_path()
    if args.json:
        cues = [
            {
                "say": c.text,
                "kind": c.kind.value,
                "fits": [f.value for f in c.fits],
                "origin": c.origin,
                "seed": c.seed,
                "section": c.section,
                "quote": c.quote,
            }
            for c in entries
        ]
        print(json.dumps({"user_file": str(path), "cues": cues}, indent=2, ensure_ascii=False))
        return 0
    from kicktimer.text import pad, width_of

    width = max((width_of(c.text) for c in entries), default=0)
    fits_width = max((len(_fits(c.fits)) for c in entries), default=0)
    for kind in CueKind:
        group = [c for c in entries if c.kind is kind]
        if not group:
            continue
        print(f"{kind.value.capitalize()} cues")
        for cue in group:
            source = f"{cue.seed}, {cue.section}" if cue.origin != "user" and cue.seed else "yours"
            print(f"  {pad(cue.text, width)}  {_fits(cue.fits):<{fits_width}}  {source}")
        print()
    print("When they fit:")
    for fit in Fit:
        print(f"  {FIT_NAMES[fit.value]:<13} {fit.description}")
    print(f"\nAdd your own in {path} (same shape as the built-ins; `defaults: false` drops them).")
    return 0


def _fits(fits: Iterable[Fit]) -> str:
    return ", ".join(FIT_NAMES[f.value] for f in fits)

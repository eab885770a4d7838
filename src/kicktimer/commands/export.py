"""`kick export ID --format csv|json [-o FILE]`: one session's laps for a spreadsheet or a script.

CSV: one row per lap, or per athlete split in coach mode, with the columns
session, workout, index, label, kind, rep, athlete, planned_s, target_s,
actual_s, paused_s, distance_m, ended_by, started_at, ended_at (empty cell =
null). JSON: the session object `kick history --json` prints, plus the copy of
the workout file it was run from.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("csv", "json")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="session id, as `kick history` lists them")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="csv (default) or json")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of stdout")


def run(args: argparse.Namespace) -> int:
    from kicktimer.commands.history import find_session
    from kicktimer.commands.output_file import write_output
    from kicktimer.history.export_formats import session_json, sessions_csv
    from kicktimer.history.open import open_existing_history

    store = open_existing_history()
    try:
        if store is not None:
            for notice in store.take_notices():
                print(f"kick export: {notice}", file=sys.stderr)
        record = find_session(store, args.id, "kick export")
    finally:
        if store is not None:
            store.close()
    if record is None:
        return 2
    text = sessions_csv([record]) if args.format == "csv" else session_json(record)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    refused = write_output(args.output, text.encode("utf-8"))
    if refused is not None:
        print(refused, file=sys.stderr)
        return 2
    laps = f"{len(record.laps)} lap{'' if len(record.laps) == 1 else 's'}"
    print(f"Session {record.id} ({laps}) written to {args.output}", file=sys.stderr)
    return 0

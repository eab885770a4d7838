"""How fast `kick convert` is next to `kick validate`, and how fast it refuses bad input.

    .venv/bin/python bench/convert_speed.py [--rounds 5]

In one process (interpreter start-up left out of both sides), through
`kicktimer.cli.main`, each round times:

- convert: every built-in exported to FIT, .zwo and intervals.icu text
  (`--where track`), and each of those files imported back to YAML: 16 × 3
  exports + 16 × 3 imports, each one `kick convert` command;
- validate: `kick validate` on each built-in, one command per file.

It prints min/median/max per round for both, the time per command, and
the ratios: per command (the goal: one conversion at most 2× one
validation) and for the whole job (96 conversions against 16 validations).
Then it times the refusal of each kind of bad input (truncated and bad-CRC
FIT, an activity FIT, a .zwo entity bomb, an unknown element, a .zwo over
1 MiB, icu `99999x` and an over-long line): each must take well under a second.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kicktimer.cli import main as kick
from kicktimer.resources import builtin_workouts_dir

FORMATS = ("fit", "zwo", "icu")


def quiet(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return kick(argv)


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def spread(values: list[float]) -> str:
    return (
        f"min {min(values) * 1000:7.1f} ms  median {statistics.median(values) * 1000:7.1f} ms  "
        f"max {max(values) * 1000:7.1f} ms"
    )


def bad_inputs(folder: Path, good_fit: bytes) -> dict[str, bytes]:
    from garmin_fit_sdk import Encoder, Profile

    bad_crc = bytearray(good_fit)
    bad_crc[40] ^= 0xFF
    encoder = Encoder()
    encoder.write_mesg(
        {"mesg_num": Profile["mesg_num"]["FILE_ID"], "type": "activity", "manufacturer": "garmin"}
    )
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE z [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
        + "]><workout_file><name>&i;</name></workout_file>"
    )
    zwo = "<workout_file><sportType>run</sportType><workout><Hover Duration='60'/></workout></workout_file>"
    return {
        "truncated.fit": good_fit[: len(good_fit) // 2],
        "bad-crc.fit": bytes(bad_crc),
        "activity.fit": bytes(encoder.close()),
        "bomb.zwo": bomb.encode(),
        "unknown.zwo": zwo.encode(),
        "big.zwo": b"<workout_file>" + b" " * (1024 * 1024 + 1) + b"</workout_file>",
        "huge-repeat.txt": b"99999x\n- 1m\n",
        "long-line.txt": b"- 1m " + b"x" * 100_000 + b"\n",
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    builtins = sorted(builtin_workouts_dir().glob("*.yaml"))
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "config").mkdir()
        (folder / "config" / "config.toml").write_text(
            '[races]\nmile = "6:00"\n5k = "22:30"\n', encoding="utf-8"
        )
        os.environ["KICK_CONFIG_DIR"] = str(folder / "config")

        def convert_all() -> None:
            for path in builtins:
                for fmt in FORMATS:
                    out = folder / f"{path.stem}.{fmt}"
                    if quiet(["convert", str(path), "-o", str(out), "--where", "track"]) != 0:
                        raise SystemExit(f"exporting {path.stem} to {fmt} failed")
                    if quiet(["convert", str(out), "-o", str(folder / f"{path.stem}-{fmt}.yaml")]) != 0:
                        raise SystemExit(f"importing {out.name} failed")

        def validate_all() -> None:
            for path in builtins:
                if quiet(["validate", str(path)]) != 0:
                    raise SystemExit(f"{path} does not validate")

        convert_all()  # warm: imports and caches, as in a second run
        validate_all()
        converts: list[float] = []
        validates: list[float] = []
        for _ in range(args.rounds):
            converts.append(timed(convert_all))
            validates.append(timed(validate_all))

        refusals: dict[str, float] = {}
        for name, data in bad_inputs(folder, (folder / "8x400-last-all-out.fit").read_bytes()).items():
            path = folder / name
            path.write_bytes(data)
            times = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                status = quiet(["convert", str(path), "-o", str(folder / "refused.yaml")])
                times.append(time.perf_counter() - start)
                if status != 2:
                    raise SystemExit(f"{name} was not refused")
            refusals[name] = max(times)

    conversions = len(builtins) * len(FORMATS) * 2
    print(f"{len(builtins)} built-ins; {args.rounds} rounds; Python {sys.version.split()[0]}")
    print(f"  convert  ({conversions} commands) {spread(converts)}")
    print(f"  validate ({len(builtins)} commands) {spread(validates)}")
    per_convert = statistics.median(converts) / conversions
    per_validate = statistics.median(validates) / len(builtins)
    print(
        f"  per command (medians): convert {per_convert * 1000:.2f} ms, validate {per_validate * 1000:.2f} ms"
    )
    ratio = per_convert / per_validate
    whole = statistics.median(converts) / statistics.median(validates)
    print(f"ratio one conversion / one validation: {ratio:.2f}x (goal <= 2x)")
    print(f"ratio whole job / validating the built-ins: {whole:.1f}x")
    print("bad input refused in (slowest of the rounds):")
    for name, seconds in refusals.items():
        print(f"  {name:<16} {seconds * 1000:7.1f} ms")
    return 0 if ratio <= 2 and max(refusals.values()) < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())

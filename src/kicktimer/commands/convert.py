"""`kick convert SOURCE -o DEST [--to fit|zwo|icu|yaml] [--where W] [--reps N]`.

Exports a workout (name, slug or YAML path) to a Garmin FIT workout, a Zwift
run workout (.zwo) or intervals.icu workout text, and imports those formats
to kicktimer YAML. The format comes from DEST's extension unless `--to`
says; `-o -` writes a text format to standard output: an import's YAML
without `--to`, an export's only with it. Each lossy mapping is
one warning line on standard error (exit status 0); input that cannot be
converted is `FILE:LINE:COL: message` (or `FILE: message` for FIT) and
exit status 2. See docs/convert.md.
"""

from __future__ import annotations

import argparse
import sys

from kicktimer.commands.plan_options import add_plan_options

BAD_INPUT = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        metavar="SOURCE",
        help="a workout (name, slug or YAML path), or a .fit, .zwo, .txt or .icu file to import",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DEST",
        help=(
            "the file to write (.fit, .zwo, .txt/.icu, .yaml/.yml); `-` writes text to standard output "
            "(an imported file's YAML; an export names its format with --to)"
        ),
    )
    parser.add_argument("--to", choices=("fit", "zwo", "icu", "yaml"), help="the format, whatever DEST says")
    add_plan_options(parser, where_default="the workout's own, else treadmill for .zwo and track otherwise")
    parser.epilog = (
        "examples:\n"
        "  kick convert 8x400-last-all-out -o 8x400.fit\n"
        "  kick convert strides -o - --to icu\n"
        "  kick convert tempo.zwo -o tempo.yaml\n"
        "  kick convert tempo.zwo -o -"
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    from kicktimer.config import ConfigError, load_config
    from kicktimer.convert.pipeline import (
        ConvertError,
        default_place,
        export,
        format_of,
        in_file_order,
        is_import,
        read_source,
    )
    from kicktimer.errors import WorkoutError
    from kicktimer.library import UnknownWorkout

    fmt = args.to or format_of(args.output)
    if fmt is None and args.output == "-":
        if not is_import(args.source):
            print("kick convert: -o - writes text: add --to icu, zwo or yaml", file=sys.stderr)
            return BAD_INPUT
        fmt = "yaml"  # an import becomes kicktimer YAML
    if fmt is None:
        print(
            f"kick convert: cannot tell the format of '{args.output}': use --to fit, zwo, icu or yaml",
            file=sys.stderr,
        )
        return BAD_INPUT
    if fmt == "fit" and args.output == "-":
        print("kick convert: a FIT file is binary: give -o a file name such as workout.fit", file=sys.stderr)
        return BAD_INPUT
    try:
        config = load_config()
        source = read_source(args.source, config)
        if fmt == "yaml":
            return _deliver(
                args.output, source.text.encode("utf-8"), in_file_order(source.warnings, source.workout.file)
            )
        where = args.where or default_place(source.workout, fmt)
        if args.where is None and where is not None:
            print(
                f"kick convert: {source.workout.name} can run anywhere; converted for a {where} "
                "(--where track, treadmill or road to choose)",
                file=sys.stderr,
            )
        data, warnings = export(source, fmt, where, args.reps, config)
    except UnknownWorkout as unknown:
        print(f"kick convert: {unknown}", file=sys.stderr)
        return BAD_INPUT
    except ConvertError as error:
        print(str(error), file=sys.stderr)
        return BAD_INPUT
    except (WorkoutError, ConfigError) as error:
        print(str(error), file=sys.stderr)
        return BAD_INPUT
    return _deliver(args.output, data, in_file_order([*source.warnings, *warnings], source.workout.file))


def _deliver(output: str, data: bytes, warnings: list[str]) -> int:
    """Write the result, then print each warning once; a file that cannot be written is one line.

    The file goes first: when it cannot be written, the warnings about what it
    would have held are noise beside the one line that says why.
    """
    from kicktimer.commands.output_file import write_output

    refused = write_output(output, data)
    if refused is not None:
        print(refused, file=sys.stderr)
        return BAD_INPUT
    for line in dict.fromkeys(warnings):
        print(line, file=sys.stderr)
    return 0

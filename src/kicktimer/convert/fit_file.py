"""FIT workout files in and out, through Garmin's own SDK (garmin-fit-sdk).

Reading checks, before decoding anything: the size limit, the header, that
the file is complete and its CRC right (`check_integrity`, on its own stream:
it consumes the one it reads), then that `file_id` says *workout*.
"""

from __future__ import annotations

import datetime
import struct
from typing import Any

from kicktimer.core.convert.draft import Draft, ImportRefused
from kicktimer.core.convert.fit_steps import draft_from_fit, fit_workout
from kicktimer.core.convert.outline import Outline
from kicktimer.workout.quantities import Unit

MAX_FIT_BYTES = 1024 * 1024
# FIT's epoch; any fixed time would do, but a workout file needs one.
_CREATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def encode_workout(outline: Outline, unit: Unit) -> tuple[bytes, list[str]]:
    """The outline as a FIT workout file, and the export's warnings."""
    from garmin_fit_sdk import Encoder, Profile

    numbers = Profile["mesg_num"]
    fit = fit_workout(outline, unit)
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": numbers["FILE_ID"],
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 1,
            "time_created": _CREATED,
        }
    )
    encoder.write_mesg({"mesg_num": numbers["WORKOUT"], **fit.workout})
    for step in fit.steps:
        encoder.write_mesg({"mesg_num": numbers["WORKOUT_STEP"], **step})
    return bytes(encoder.close()), fit.warnings


def decode_workout(data: bytes, source: str, fallback_name: str) -> tuple[Draft, list[str]]:
    """A FIT workout file as a draft and warnings; ImportRefused (no position) for a file that is not one."""
    from garmin_fit_sdk import Decoder, Stream

    _check_frame(data)
    if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
        raise ImportRefused("the FIT file's CRC is wrong: the file is damaged")
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(
        apply_scale_and_offset=False,
        convert_datetimes_to_dates=False,
        convert_types_to_strings=True,
        expand_sub_fields=False,
        expand_components=False,
        merge_heart_rates=False,
    )
    if errors:
        raise ImportRefused(f"the FIT file cannot be read: {errors[0]}")
    file_ids: list[Any] = messages.get("file_id_mesgs", [])
    kind = file_ids[0].get("type") if file_ids else None
    if kind != "workout":
        raise ImportRefused(f"this FIT file is {_a(kind)}, not a workout")
    workouts: list[Any] = messages.get("workout_mesgs", [])
    sport = workouts[0].get("sport") if workouts else None
    if sport not in (None, "running", "generic", "training", "walking"):
        raise ImportRefused(f"this FIT workout is for {sport}, not running")
    steps: list[Any] = messages.get("workout_step_mesgs", [])
    return draft_from_fit(workouts[0] if workouts else {}, steps, source, fallback_name)


def _check_frame(data: bytes) -> None:
    """Header, size and completeness, checked by hand so a truncated file gets its own message."""
    if len(data) > MAX_FIT_BYTES:
        raise ImportRefused(f"the file is over {MAX_FIT_BYTES // 1024} KiB; a workout file is far smaller")
    if len(data) < 12 or data[8:12] != b".FIT":
        raise ImportRefused("not a FIT file (no .FIT header)")
    header_size = data[0]
    (data_size,) = struct.unpack_from("<I", data, 4)
    if header_size not in (12, 14) or len(data) < header_size + data_size + 2:
        raise ImportRefused("the FIT file is truncated")


def _a(kind: object) -> str:
    if kind is None:
        return "without a file type"
    text = str(kind).replace("_", " ")
    return f"an {text} file" if text[:1] in "aeiou" else f"a {text} file"

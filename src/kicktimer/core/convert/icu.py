"""intervals.icu workout text: kicktimer steps to `- ` lines and back.

The format's rules: `m` is minutes and metres are `mtr` (`400mtr`, `2km`,
`1mi`); a repeat is a header or a bare line ending in `Nx` over a block of
step lines, never nested; text before the duration is the step's cue;
`4:30/km Pace` or `80% Pace` (of threshold) is the target; `Press lap` ends
the step on the lap button. Collections in the wild write `- 400m` meaning
metres: it is read by the rules (400 minutes) with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kicktimer.core.convert.draft import (
    KIND_WORDS,
    NOTES_SEPARATOR,
    Draft,
    DraftRepeat,
    DraftStep,
    ImportRefused,
    distance_text,
    pace_text,
    parse_notes,
    time_text,
)
from kicktimer.core.convert.folding import folding_warnings, has_explicit_label, is_lap_distance, notes_parts
from kicktimer.core.convert.outline import Item, Loop, Outline, limit_depth, warning
from kicktimer.core.pace import format_pace
from kicktimer.workout.model import StepKind
from kicktimer.workout.quantities import Unit

MAX_LINE = 1000
MAX_LINES = 20_000
MAX_REPEAT = 1000
SUSPICIOUS_MINUTES = 100

_WORD = {
    StepKind.WARMUP: "Warmup",
    StepKind.RUN: "Run",
    StepKind.RECOVER: "Recover",
    StepKind.REST: "Rest",
    StepKind.DRILL: "Drill",
    StepKind.COOLDOWN: "Cooldown",
}
_KIND_OF_WORD = {
    "warmup": "warmup",
    "warm-up": "warmup",
    "warm": "warmup",
    "run": "run",
    "recover": "recover",
    "recovery": "recover",
    "jog": "recover",
    "walk": "recover",
    "rest": "rest",
    "drill": "drill",
    "cooldown": "cooldown",
    "cool-down": "cooldown",
    "cool": "cooldown",
}


# ---- export ------------------------------------------------------------------------------


def icu_text(outline: Outline, unit: Unit) -> tuple[str, list[str]]:
    """The outline as intervals.icu text, and the export's warnings."""
    nodes, unrolled = limit_depth(outline.nodes, 1, "intervals.icu text has no nested repeats")
    warnings = [
        warning(outline.file, u.pos, f"repeat of {u.count} written out step by step: {u.reason}")
        for u in (*outline.unrolled, *unrolled)
    ]
    lines: list[str] = []
    for node in nodes:
        if isinstance(node, Loop):
            if lines and lines[-1]:
                lines.append("")
            lines.append(f"{node.count}x")
            lines.extend(_line(item, outline, unit, warnings) for item in node.body if isinstance(item, Item))
            lines.append("")
        else:
            lines.append(_line(node, outline, unit, warnings))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n", list(dict.fromkeys(warnings))


def _line(item: Item, outline: Outline, unit: Unit, warnings: list[str]) -> str:
    segment = item.segment
    head = segment.label if has_explicit_label(segment, item.reps) else _WORD[segment.kind]
    parts, lost = notes_parts(item, unit)
    parts = [part for part in parts if not part.startswith("target ")]
    text = NOTES_SEPARATOR.join([head, *parts])
    words = [text]
    lap = False
    if segment.fills_sendoff:
        warnings.append(
            warning(outline.file, item.pos, "every: send-off: intervals.icu has none, the recovery is fixed")
        )
    if segment.distance_m is not None and not segment.fills_sendoff:
        words.append(_distance(segment.distance_m))
        lap = is_lap_distance(segment)
    elif segment.duration_s is not None:
        words.append(_time(segment.duration_s))
    else:
        lap = True
    if segment.pace_s_per_km is not None:
        words.append(f"{format_pace(segment.pace_s_per_km, unit)} Pace")
    if lap:
        words.append("Press lap")
    warnings.extend(
        folding_warnings(
            outline.file,
            item,
            lost,
            kept_in="text",
            lap_step="Press lap",
            lost_reason=": no sounds in intervals.icu",
        )
    )
    return "- " + " ".join(words)


def _time(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{secs}s" if secs else "")
    return text or "0s"


def _distance(metres: float) -> str:
    text = distance_text(metres)
    return text[:-1] + "mtr" if text.endswith("m") and not text.endswith("km") else text


# ---- import ------------------------------------------------------------------------------

_TIME = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m(?!tr|i))?(?:(?P<s>\d+(?:\.\d+)?)s?)?$", re.I
)
_APOSTROPHE = re.compile(r"""^(?:(?P<m>\d+)')?(?:(?P<s>\d+)")?$""")
_DISTANCE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?P<u>mtr|km|mi)$", re.I)
_PACE = re.compile(r"^(?P<a>\d+:\d{2})(?:-(?P<b>\d+:\d{2}))?(?:/(?P<u>km|mi|100m|400m|500m|250m))?$", re.I)
_PERCENT = re.compile(r"^(?P<a>\d+(?:\.\d+)?)(?:%?-(?P<b>\d+(?:\.\d+)?))?%$")
_REPEAT = re.compile(r"(?:^|\s)(\d+)\s*x$", re.I)
_PER_KM = {"km": 1.0, "mi": 1 / 1.609344, "100m": 10.0, "400m": 2.5, "500m": 2.0, "250m": 4.0}


def draft_from_icu(
    text: str, name: str, source: str, unit: Unit, threshold: float | None
) -> tuple[Draft, list[tuple[int, int, str]]]:
    """intervals.icu text as a draft; warnings are (line, column, message).

    `threshold` is the profile's threshold pace (s/km) for `% Pace` targets,
    None when the profile has no race. Raises ImportRefused at the line and
    column for what cannot be read: an over-long line, a repeat of more
    than MAX_REPEAT.
    """
    warnings: list[tuple[int, int, str]] = []
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ImportRefused(f"more than {MAX_LINES} lines", MAX_LINES + 1, 1)
    steps: list[DraftStep | DraftRepeat] = []
    block: DraftRepeat | None = None
    section = ""
    for number, raw in enumerate(lines, start=1):
        if len(raw) > MAX_LINE:
            raise ImportRefused(f"line is over {MAX_LINE} characters", number, MAX_LINE + 1)
        line = raw.strip()
        if not line:
            block = None
            continue
        if not line.startswith("-"):
            block = None
            section = line
            match = _REPEAT.search(line)
            if match:
                count = int(match.group(1))
                if not 1 <= count <= MAX_REPEAT:
                    column = len(raw) - len(raw.lstrip()) + match.start(1) + 1
                    raise ImportRefused(f"{count}x: a repeat runs 1 to {MAX_REPEAT} times", number, column)
                block = DraftRepeat(count, [])
                steps.append(block)
            continue
        step = _step(number, raw, section, unit, threshold, warnings)
        (block.steps if block is not None else steps).append(step)
    if not any(True for _ in _all_steps(steps)):
        raise ImportRefused("no steps (lines starting with `- `)", 1, 1)
    _infer_kinds(steps)
    return Draft(name=name, source=source, steps=[s for s in steps if not _empty(s)]), warnings


def _empty(block: DraftStep | DraftRepeat) -> bool:
    return isinstance(block, DraftRepeat) and not block.steps


def _all_steps(blocks: Sequence[DraftStep | DraftRepeat]) -> list[DraftStep]:
    found: list[DraftStep] = []
    for block in blocks:
        found.extend(_all_steps(block.steps) if isinstance(block, DraftRepeat) else [block])
    return found


def _step(
    number: int,
    raw: str,
    section: str,
    unit: Unit,
    threshold: float | None,
    warnings: list[tuple[int, int, str]],
) -> DraftStep:
    """One `- ` line: the text before the first length, the length, then targets and keywords."""
    dash = raw.index("-")
    found = list(re.finditer(r"\S+", raw[dash + 1 :]))
    tokens = [match.group() for match in found]
    columns = [dash + 2 + match.start() for match in found]
    words: list[str] = []
    step = DraftStep(kind="", length="open")
    index = 0
    found_length = False
    while index < len(tokens):
        token = tokens[index]
        length = _length(token)
        if length is not None and not found_length:
            found_length = True
            step.length = length
            minutes = _minutes(token)
            if minutes is not None and minutes >= SUSPICIOUS_MINUTES:
                warnings.append(
                    (
                        number,
                        columns[index],
                        f"{token} is {minutes:g} minutes in intervals.icu text: "
                        f"did you mean {token[:-1]}mtr (metres)?",
                    )
                )
            index += 1
            continue
        if not found_length:
            words.append(token)
            index += 1
            continue
        nxt = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
        lower = token.lower()
        if lower == "press" and nxt == "lap":
            if step.length.endswith(("s", "min")):
                warnings.append(
                    (
                        number,
                        columns[index],
                        f"Press lap after a time: kicktimer counts {step.length} down and moves on",
                    )
                )
            index += 2
            continue
        if nxt == "pace" and (_PACE.match(token) or _PERCENT.match(token)):
            step.pace = _pace(token, number, columns[index], unit, threshold, warnings)
            index += 2
            continue
        if lower in ("ramp", "freeride", "maxeffort"):
            if lower == "maxeffort":
                step.effort = "max"
            elif lower == "ramp":
                warnings.append((number, columns[index], "ramp: kicktimer holds one pace, the middle one"))
            index += 1
            continue
        warnings.append((number, columns[index], f"'{token}' is not a pace target; left out"))
        index += 1 + (nxt in ("hr", "lthr", "pace", "rpm"))
    if [word.lower() for word in words[-2:]] == ["press", "lap"]:
        words = words[:-2]  # `- Press lap` with no length: an open step
    _read_text(" ".join(words), step, section)
    return step


def _length(token: str) -> str | None:
    distance = _DISTANCE.match(token)
    if distance:
        amount = float(distance.group("n"))
        metres = amount * {"mtr": 1.0, "km": 1000.0, "mi": 1609.344}[distance.group("u").lower()]
        return distance_text(metres)
    seconds = _seconds(token)
    return None if seconds is None or seconds <= 0 else time_text(seconds)


def _seconds(token: str) -> float | None:
    if not any(ch.isdigit() for ch in token):
        return None
    match = _TIME.match(token)
    if match and (match.group("h") or match.group("m") or token.lower().endswith("s")):
        hours, minutes, secs = (float(match.group(k) or 0) for k in ("h", "m", "s"))
        return hours * 3600 + minutes * 60 + secs
    match = _APOSTROPHE.match(token)
    if match and (match.group("m") or match.group("s")):
        return float(match.group("m") or 0) * 60 + float(match.group("s") or 0)
    return None


def _minutes(token: str) -> float | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)m", token, re.I)
    return None if match is None else float(match.group(1))


def _pace(
    token: str,
    number: int,
    column: int,
    unit: Unit,
    threshold: float | None,
    warnings: list[tuple[int, int, str]],
) -> str | None:
    absolute = _PACE.match(token)
    if absolute:
        written = (absolute.group("u") or unit).lower()
        per_km = _PER_KM[written]
        low, high = absolute.group("a"), absolute.group("b") or absolute.group("a")
        seconds = [(int(t.split(":")[0]) * 60 + int(t.split(":")[1])) * per_km for t in (low, high)]
        if low != high:
            warnings.append((number, column, f"{token}: kicktimer holds one pace, the middle of the range"))
        return pace_text(sum(seconds) / 2, "mi" if written == "mi" else "km")
    percent = _PERCENT.match(token)
    assert percent is not None
    low_pct = float(percent.group("a"))
    high_pct = float(percent.group("b") or low_pct)
    if low_pct != high_pct:
        warnings.append((number, column, f"{token}: kicktimer holds one pace, the middle of the range"))
    middle = (low_pct + high_pct) / 2
    if middle == 100:
        return "threshold"
    if threshold is None:
        raise ImportRefused(
            f"{token} Pace is a share of threshold pace, and your profile has no race: "
            "kick profile set 5k 22:30 (any race gives every reference pace)",
            number,
            column,
        )
    offset = threshold * 100 / middle - threshold
    sign = "+" if offset >= 0 else "-"
    return f"threshold{sign}{abs(round(offset, 1)):g}s/km"


def _read_text(text: str, step: DraftStep, section: str) -> None:
    """The text before the duration: a kind word, a label, then notes parts (`effort: max`, cues)."""
    parts = text.split(NOTES_SEPARATOR) if text else []
    head = parts[0].strip() if parts else ""
    first = head.split()[0].lower().rstrip(":.") if head else ""
    if head.lower() in _KIND_OF_WORD or head.lower().rstrip(":.") in _KIND_OF_WORD:
        step.kind = _KIND_OF_WORD[head.lower().rstrip(":.")]
    elif head:
        step.label = head
        step.kind = _KIND_OF_WORD.get(first, "")
    if not step.kind:
        lowered = section.lower()
        step.kind = "warmup" if "warm" in lowered else "cooldown" if "cool" in lowered else ""
    rest = NOTES_SEPARATOR.join(parts[1:])
    if rest:
        parse_notes(rest, step)
    reps = re.fullmatch(r"(\d+) reps?", (step.say or "").strip())
    if step.length == "open" and reps:
        step.length, step.say, step.kind = f"{reps.group(1)} reps", None, "drill"


def _infer_kinds(blocks: list[DraftStep | DraftRepeat]) -> None:
    """Kinds the text did not name: first and last untargeted steps warm up and cool down; in a
    repeat, an untargeted step after the first is a recovery; anything else runs."""
    top = [b for b in blocks if isinstance(b, DraftStep)]
    for block in blocks:
        if isinstance(block, DraftRepeat):
            for index, step in enumerate(s for s in block.steps if isinstance(s, DraftStep)):
                if not step.kind:
                    step.kind = (
                        "recover" if index > 0 and step.pace is None and step.effort is None else "run"
                    )
    for position, step in enumerate(top):
        if step.kind:
            continue
        untargeted = step.pace is None and step.effort is None
        if untargeted and step is blocks[0]:
            step.kind = "warmup"
        elif untargeted and step is blocks[-1] and position > 0:
            step.kind = "cooldown"
        else:
            step.kind = "run"
    assert all(s.kind in KIND_WORDS for s in _all_steps(blocks))

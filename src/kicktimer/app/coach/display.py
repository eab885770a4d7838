"""What the coach's board and results show, as text. Pure functions, no Textual.

Rounding follows the solo timer: a live split counts up in whole seconds,
rounded down exactly like the big clock (so the two never disagree), and its
difference from the target is those whole seconds against the target
rounded. A split once taken shows tenths, and so do its difference, the
average and the best. Every time on the board keeps its minutes (`0:15.2`,
not `15.2`), so a column of splits lines up while some count and some stand.
"""

from __future__ import annotations

from collections.abc import Sequence

from kicktimer.app.display import clock_text, rep_text, shown_elapsed, signed_clock_text, split_text
from kicktimer.core.coach.session import (
    AthleteRow,
    AthleteSplit,
    BoardEffect,
    Ignored,
    Kick,
    RepClosed,
    RepDiscarded,
    SplitTaken,
    SplitUndone,
)

MINUS = "−"
DNF = "DNF"
NOTHING = "—"
KEYS_SHOWN_IN_FULL = 3


def signed_tenths(seconds: float) -> str:
    """`+1.6`, `−0.4`, `±0.0`, `−1:04.8`: a taken split against its target."""
    tenths = round(seconds * 10)
    if tenths == 0:
        return "±0.0"
    return ("+" if tenths > 0 else MINUS) + split_text(abs(tenths) / 10)


def board_time(seconds: float) -> str:
    """A taken split on the board: `0:15.2`, `1:12.4`, `1:02:05.0`."""
    tenths = round(seconds * 10)
    whole, tenth = divmod(tenths, 10)
    return f"{clock_text(whole)}.{tenth}"


def live_split_text(row: AthleteRow) -> str:
    """The split column: counting up while out, frozen with tenths once in.

    Between reps it keeps the split of the rep just run (blank for a DNF),
    so athletes walking back can read their time from the big figures.
    """
    if row.live_s is None:
        last = row.stats.last
        return "" if last is None or last.split_s is None else board_time(last.split_s)
    if row.status == "in":
        return board_time(row.live_s)
    return clock_text(shown_elapsed(row.live_s))


def diff_text(row: AthleteRow) -> str:
    """The ± column: live against the target while out, the split's difference once in, else the last one."""
    if row.status == "out" and row.live_s is not None and row.target_s is not None:
        return signed_clock_text(shown_elapsed(row.live_s) - round(row.target_s)).replace("-", MINUS)
    if row.status == "in" and row.live_diff_s is not None:
        return signed_tenths(row.live_diff_s)
    last = row.stats.last_diff_s
    return "" if last is None else signed_tenths(last)


def ahead(row: AthleteRow) -> bool | None:
    """True when the ± column reads under target, False over, None when there is none."""
    if row.status == "out" and row.live_s is not None and row.target_s is not None:
        return shown_elapsed(row.live_s) - round(row.target_s) <= 0
    difference = row.live_diff_s if row.status == "in" else row.stats.last_diff_s
    if difference is None:
        return None
    return round(difference * 10) <= 0


def target_text(row: AthleteRow) -> str:
    """The athlete's own target on the rep in progress (between reps: on the rep just run); blank: none."""
    target = row.target_s
    if row.live_s is None and row.stats.last is not None:
        target = row.stats.last.target_s
    return "" if target is None else board_time(target)


def last_text(row: AthleteRow) -> str:
    last = row.stats.last
    if last is None:
        return NOTHING
    return DNF if last.split_s is None else board_time(last.split_s)


def mean_text(row: AthleteRow) -> str:
    return NOTHING if row.stats.mean_s is None else board_time(row.stats.mean_s)


def best_text(row: AthleteRow) -> str:
    return NOTHING if row.stats.best_s is None else board_time(row.stats.best_s)


def keys_summary(keys: Sequence[str]) -> str:
    """The athlete keys for the footer: `1–6`, `1–9 a c d`, `1–9 a…k`."""
    if not keys:
        return ""
    digits = [key for key in keys if key.isdigit()]
    letters = [key for key in keys if not key.isdigit()]
    parts: list[str] = []
    if digits:
        parts.append(digits[0] if len(digits) == 1 else f"{digits[0]}–{digits[-1]}")
    if letters:
        shown_in_full = len(letters) <= KEYS_SHOWN_IN_FULL
        parts.append(" ".join(letters) if shown_in_full else f"{letters[0]}…{letters[-1]}")
    return " ".join(parts)


def roster_text(keys_and_names: Sequence[tuple[str, str]]) -> str:
    """`1 Ana · 2 Ben · 3 Cy`: who is on which key, for the preview."""
    return " · ".join(f"{key} {name}" for key, name in keys_and_names)


def news_text(effect: BoardEffect) -> str | None:
    """One line for the board's status: what the coach's last press did (None: nothing worth saying)."""
    if isinstance(effect, SplitTaken):
        text = f"{effect.athlete.name} {board_time(effect.split_s)}"
        if effect.diff_s is not None:
            text += f" ({signed_tenths(effect.diff_s)})"
        return text + (f" · {effect.still_out} still out" if effect.still_out else " · all in")
    if isinstance(effect, Ignored):
        return _ignored_text(effect)
    if isinstance(effect, SplitUndone):
        text = f"Undone: {effect.athlete.name} {board_time(effect.split_s)}"
        return text + (f" · {effect.athlete.name} DNF on that rep" if effect.closed else "")
    if isinstance(effect, RepClosed):
        out = [split.athlete.name for split in effect.result.splits if split.dnf]
        segment = effect.result.segment
        name = rep_text(segment) or segment.label
        return f"{name} closed" + (f" · DNF: {', '.join(out)}" if out else "")
    if isinstance(effect, RepDiscarded) and effect.reason == "back":
        return "Rep taken back: it runs again"
    return None


def _ignored_text(effect: Ignored) -> str:
    who = effect.athlete.name if effect.athlete is not None else ""
    if effect.reason == "already in":
        return f"{who} is already in on this rep (ignored)"
    if effect.reason == "no rep":
        return f"{who}: no rep running (ignored)"
    if effect.reason == "paused":
        return f"{who}: paused, resume first (ignored)"
    return "Nothing to undo"


def targets_summary(splits: Sequence[AthleteSplit]) -> tuple[str, str]:
    """An athlete's target over a session (`1:15.0`, or `varies`) and their mean difference from it.

    The difference is averaged over the reps they finished that had a target;
    a dash where there is nothing to compare.
    """
    targets = {round(s.target_s, 1) for s in splits if s.target_s is not None}
    if not targets:
        target = NOTHING
    elif len(targets) == 1:
        target = board_time(targets.pop())
    else:
        target = "varies"
    diffs = [s.diff_s for s in splits if s.diff_s is not None]
    return target, NOTHING if not diffs else signed_tenths(sum(diffs) / len(diffs))


def result_cell(split: AthleteSplit) -> str:
    return DNF if split.split_s is None else board_time(split.split_s)


def kick_text(kick: Kick | None) -> str:
    """`3.2 % faster`, `1.0 % slower`, `even`, or a dash when there is no kick to measure.

    The word carries the direction, so there is no sign to contradict it
    (`−165.5 % slower` read as a double negative).
    """
    if kick is None:
        return NOTHING
    rounded = round(kick.percent_faster, 1)
    if rounded == 0:
        return "even"
    return f"{abs(rounded):.1f} % {'faster' if rounded > 0 else 'slower'}"

"""Position-keeping YAML nodes → the workout model, with every problem found on the way.

The checker never stops at the first mistake: each key is read on its own,
a bad value is reported where it was written and the rest of the file is
still read, so a runner fixing a file sees all of its problems at once.
Shared nodes (aliases) are built once and the result reused, so building is
as cheap as the file is long, whatever its aliases would expand to.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Literal, TypeVar

from kicktimer.errors import Problem, Severity, SourcePos
from kicktimer.workout.limits import MAX_COUNTDOWN_S, MAX_SHORT_TEXT, SHORTEST_LIKELY_DISTANCE_M
from kicktimer.workout.model import (
    SKIP,
    Block,
    CueSettings,
    CueSpec,
    DistanceLength,
    Environment,
    Length,
    OpenLength,
    RepCount,
    Repeat,
    Step,
    StepKind,
    TimeLength,
    Workout,
)
from kicktimer.workout.quantities import QuantityError
from kicktimer.workout.values import (
    describe_length,
    parse_cue_at,
    parse_effort,
    parse_incline_range,
    parse_length,
    parse_pace,
    parse_progress,
    parse_rep_count,
    parse_speed_kmh,
    parse_time,
)
from kicktimer.workout.yamlread import Map, Node, Scalar, Seq, describe, one_line, scalar_type

TOP_KEYS = ("name", "summary", "notes", "source", "tags", "environment", "cues", "steps")
KIND_KEYS = tuple(kind.value for kind in StepKind)
REPEAT_KEYS = ("repeat", "steps", "every")
CUE_KEYS = ("at", "say", "sound")
CUE_SETTING_KEYS = ("countdown", "mantras", "defaults")
ENVIRONMENTS = tuple(env.value for env in Environment)

# A step key → the Step field it fills (where the two names differ).
FIELD_OF_KEY = {"speed": "speed_kmh"}

_KINDS_IN_WORDS = "warmup, run, recover, rest, drill, cooldown or repeat"

T = TypeVar("T")


class Checker:
    """Builds one workout from its nodes, collecting problems instead of raising them."""

    def __init__(self, file: str, sounds: Collection[str]) -> None:
        self.file = file
        self.sounds = tuple(sorted(sounds))
        self.problems: list[Problem] = []
        self._seen: set[tuple[SourcePos, str]] = set()
        self._blocks: dict[tuple[int, bool], tuple[Block, ...]] = {}
        self._block: dict[tuple[int, bool], Block | None] = {}
        self.environment = Environment.ANY

    # ---- reporting ---------------------------------------------------------

    def error(self, pos: SourcePos, message: str, hint: str | None = None) -> None:
        self._add(Problem(self.file, pos, one_line(message), None if hint is None else one_line(hint)))

    def warn(self, pos: SourcePos, message: str, hint: str | None = None) -> None:
        hint = None if hint is None else one_line(hint)
        self._add(Problem(self.file, pos, one_line(message), hint, Severity.WARNING))

    def _add(self, problem: Problem) -> None:
        # A shared (aliased) node is checked once per context; one report is enough.
        key = (problem.pos, problem.message)
        if key not in self._seen:
            self._seen.add(key)
            self.problems.append(problem)

    def unknown_key(
        self, key: Scalar, valid: Iterable[str], where: str, hint: str | None = None
    ) -> str | None:
        """Report an unknown key with the closest valid one; returns that suggestion."""
        valid = tuple(valid)
        close = difflib.get_close_matches(key.value.lower(), valid, n=1, cutoff=0.6)
        if close:
            self.error(key.pos, f"unknown key `{key.value}` {where}: did you mean `{close[0]}`?", hint)
        else:
            self.error(
                key.pos, f"unknown key `{key.value}` {where}", hint or f"valid keys here: {', '.join(valid)}"
            )
        return close[0] if close else None

    # ---- scalar values -----------------------------------------------------

    def text(self, node: Node, key: str) -> str | None:
        """A text value; a number or boolean where text belongs is an error that says to quote it."""
        if node.bad:
            return None
        if not isinstance(node, Scalar):
            self.error(node.pos, f"`{key}` should be text, not {describe(node)}")
            return None
        kind = scalar_type(node)
        if kind == "str":
            if not node.value.strip():
                self.error(node.pos, f"`{key}` is empty", "give it a value, or remove the line")
                return None
            if key in SHORT_TEXT_KEYS and len(node.value) > MAX_SHORT_TEXT:
                what = "a tag" if key == "an item of tags" else f"`{key}`"
                self.error(
                    node.pos,
                    f"{what} is {len(node.value):,} characters long; "
                    f"it is shown on one line, at most {MAX_SHORT_TEXT}",
                )
                return None
            return node.value
        if kind == "null":
            self.error(node.pos, f"`{key}` has no value", "give it a value, or remove the line")
            return None
        what = "a yes/no value (a boolean)" if kind == "bool" else "a number"
        self.error(
            node.pos,
            f"`{key}: {node.value}` is read as {what}, not as text",
            f'quote it: {key}: "{node.value}"',
        )
        return None

    def quantity(self, node: Node, key: str, read: Callable[[str], T], example: str) -> T | None:
        """A value written as text with a unit (`400m`, `4:30/km`): parsed by `read`."""
        if node.bad:
            return None
        if not isinstance(node, Scalar):
            self.error(node.pos, f"`{key}` should be a value such as {example}, not {describe(node)}")
            return None
        kind = scalar_type(node)
        if kind == "null":
            self.error(node.pos, f"`{key}` has no value", f"write a value such as {example}")
            return None
        if kind == "bool":
            self.error(
                node.pos, f"`{key}: {node.value}` is read as a yes/no value; write a value such as {example}"
            )
            return None
        try:
            return read(node.value)
        except QuantityError as error:
            self.error(node.pos, str(error))
            return None

    def text_list(self, node: Node, key: str) -> tuple[str, ...]:
        if node.bad:
            return ()
        if isinstance(node, Scalar) and scalar_type(node) == "str":
            self.error(node.pos, f"`{key}` is a list", f"write {key}: [{node.value}]")
            return ()
        if not isinstance(node, Seq):
            self.error(node.pos, f"`{key}` should be a list of words, not {describe(node)}")
            return ()
        words = (self.text(item, f"an item of {key}") for item in node.items)
        return tuple(word for word in words if word is not None)

    def whole_number(self, node: Node, key: str, low: int, high: int) -> int | None:
        if node.bad:
            return None
        if isinstance(node, Scalar) and scalar_type(node) in ("int", "str") and node.value.strip().isdigit():
            value = int(node.value)
            if low <= value <= high:
                return value
            self.error(node.pos, f"`{key}` is from {low} to {high}, not {node.value}")
            return None
        self.error(node.pos, f"`{key}` should be a whole number from {low} to {high}, not {describe(node)}")
        return None

    def boolean(self, node: Node, key: str) -> bool | None:
        if node.bad:
            return None
        if isinstance(node, Scalar) and scalar_type(node) == "bool":
            return node.value.lower() in ("true", "yes", "on")
        self.error(node.pos, f"`{key}` should be true or false, not {describe(node)}")
        return None

    # ---- the workout ---------------------------------------------------------

    def workout(self, root: Node, text: str) -> Workout | None:
        if root.bad:
            return None
        if not isinstance(root, Map):
            self.error(
                root.pos,
                f"a workout file is a mapping with `name:` and `steps:`, not {describe(root)}",
                "start with a line such as `name: 8 × 400 m`, then `steps:`",
            )
            return None
        values: dict[str, Node] = {}
        key_pos: dict[str, SourcePos] = {}
        # A misspelt `stpes:` is one mistake: "did you mean `steps`?" says it all,
        # so the missing `steps:` is not reported on top of it.
        suggested: set[str | None] = set()
        for key, value in root.pairs:
            if key.value in TOP_KEYS:
                values[key.value] = value
                key_pos[key.value] = key.pos
            elif key.value in KIND_KEYS or key.value in STEP_KEYS or key.value in REPEAT_KEYS:
                self.unknown_key(key, TOP_KEYS, "at the top level", "steps go in the list under `steps:`")
            else:
                suggested.add(self.unknown_key(key, TOP_KEYS, "at the top level"))
        name = self.text(values["name"], "name") if "name" in values else None
        if "name" not in values and "name" not in suggested:
            self.error(root.pos, "the workout has no `name:`", "add a line such as `name: 8 × 400 m`")
        optional = {
            key: self.text(values[key], key) for key in ("summary", "notes", "source") if key in values
        }
        tags = self.text_list(values["tags"], "tags") if "tags" in values else ()
        if "environment" in values:
            self.environment = self.environment_of(values["environment"])
        settings = self.cue_settings(values["cues"]) if "cues" in values else CueSettings()
        steps: tuple[Block, ...] = ()
        if "steps" in values:
            steps = self.blocks(values["steps"], in_repeat=False)
        elif "steps" not in suggested:
            self.error(root.pos, "the workout has no `steps:`", "add `steps:` with a list of steps below it")
        if name is None:
            return None
        return Workout(
            name=name.strip(),
            steps=steps,
            file=self.file,
            text=text,
            summary=optional.get("summary"),
            notes=optional.get("notes"),
            source=optional.get("source"),
            tags=tags,
            environment=self.environment,
            cue_settings=settings,
            pos=root.pos,
            key_pos=key_pos,
        )

    def environment_of(self, node: Node) -> Environment:
        value = self.text(node, "environment")
        if value is None:
            return Environment.ANY
        if value in ENVIRONMENTS:
            return Environment(value)
        close = difflib.get_close_matches(value.lower(), ENVIRONMENTS, n=1, cutoff=0.6)
        guess = f"did you mean `{close[0]}`?" if close else f"write one of {', '.join(ENVIRONMENTS)}"
        self.error(node.pos, f"`{value}` is not an environment: {guess}")
        return Environment.ANY

    def cue_settings(self, node: Node) -> CueSettings:
        if node.bad:
            return CueSettings()
        if isinstance(node, Seq):
            self.error(
                node.pos,
                "the top-level `cues:` holds settings (countdown, mantras, defaults), not a list of cues",
                "timed cues go on a step, under that step's own `cues:`",
            )
            return CueSettings()
        if not isinstance(node, Map):
            self.error(node.pos, f"`cues` should be a mapping of settings, not {describe(node)}")
            return CueSettings()
        settings = CueSettings()
        countdown, mantras, defaults = settings.countdown, settings.mantras, settings.defaults
        for key, value in node.pairs:
            if key.value == "countdown":
                countdown = self.whole_number(value, "countdown", 0, MAX_COUNTDOWN_S) or 0
            elif key.value == "mantras":
                mantras = self.text_list(value, "mantras")
            elif key.value == "defaults":
                read = self.boolean(value, "defaults")
                defaults = defaults if read is None else read
            else:
                self.unknown_key(key, CUE_SETTING_KEYS, "in the workout's cue settings")
        return CueSettings(countdown=countdown, mantras=mantras, defaults=defaults)

    # ---- steps and repeats -----------------------------------------------------

    def blocks(self, node: Node, *, in_repeat: bool) -> tuple[Block, ...]:
        if node.bad:
            return ()
        if not isinstance(node, Seq):
            self.error(
                node.pos,
                f"`steps` should be a list of steps, not {describe(node)}",
                "each step goes on its own line starting with `- `, e.g. `- run: 400m`",
            )
            return ()
        if not node.items:
            self.error(node.pos, "`steps` is empty: there must be at least one step")
            return ()
        memo_key = (id(node), in_repeat)
        known = self._blocks.get(memo_key)
        if known is None:
            built = (self.block(item, in_repeat=in_repeat) for item in node.items)
            known = tuple(block for block in built if block is not None)
            self._blocks[memo_key] = known
        return known

    def block(self, node: Node, *, in_repeat: bool) -> Block | None:
        if node.bad:
            return None
        if isinstance(node, Scalar):
            hint = (
                f"write `- {node.value.strip()}: open` for an open step"
                if node.value.strip() in KIND_KEYS
                else None
            )
            self.error(node.pos, f"a step is a mapping such as `- run: 400m`, not {describe(node)}", hint)
            return None
        if isinstance(node, Seq):
            self.error(
                node.pos,
                "a step is a mapping such as `- run: 400m`, not a list",
                "steps that repeat go under `- repeat: N` and its `steps:`",
            )
            return None
        memo_key = (id(node), in_repeat)
        if memo_key not in self._block:
            self._block[memo_key] = self.step_or_repeat(node, in_repeat=in_repeat)
        return self._block[memo_key]

    def step_or_repeat(self, node: Map, *, in_repeat: bool) -> Block | None:
        kinds = [(key, value) for key, value in node.pairs if key.value in KIND_KEYS or key.value == "repeat"]
        if len(kinds) > 1:
            first, second = kinds[0][0], kinds[1][0]
            self.error(
                second.pos,
                f"two kinds in one step: `{first.value}` (line {first.pos.line}) and `{second.value}`",
                "a step has exactly one kind; split it into two steps, each starting with `- `",
            )
        if not kinds:
            self.kindless(node)
            return None
        kind_key, length_node = kinds[0]
        if kind_key.value == "repeat":
            return self.repeat(node, length_node)
        return self.step(node, kind_key, length_node, in_repeat=in_repeat)

    def kindless(self, node: Map) -> None:
        keys = {key.value: key for key, _ in node.pairs}
        if "steps" in keys:
            self.error(
                keys["steps"].pos,
                "`steps:` without `repeat:`: a block of steps is a repeat",
                "add `repeat: N` (how many times) on the line before `steps:`",
            )
            return
        unknown = [
            key for key, _ in node.pairs if key.value not in STEP_KEYS and key.value not in REPEAT_KEYS
        ]
        for key in unknown:
            self.unknown_key(key, (*KIND_KEYS, "repeat", *STEP_KEYS), "in a step")
        if not unknown:
            self.error(
                node.pos, f"this step has no kind: start it with {_KINDS_IN_WORDS}, e.g. `- run: 400m`"
            )

    def repeat(self, node: Map, count_node: Node) -> Repeat | None:
        count = self.rep_count(count_node)
        every: float | None = None
        steps: tuple[Block, ...] = ()
        for key, value in node.pairs:
            if key.value == "steps":
                steps = self.blocks(value, in_repeat=True)
            elif key.value == "every":
                every = self.quantity(value, "every", lambda t: parse_time(t, "a send-off"), "3min")
            elif key.value in KIND_KEYS or key.value == "repeat":
                continue
            elif key.value in STEP_KEYS:
                self.error(
                    key.pos,
                    f"`{key.value}` is not a key of a repeat (those are repeat, steps and every)",
                    "put it on a step inside the repeat's `steps:`",
                )
            else:
                self.unknown_key(key, REPEAT_KEYS, "in a repeat")
        if "steps" not in node.index:
            self.error(
                node.pos,
                "this repeat has no `steps:`",
                "list the steps that repeat under `steps:`, indented below `repeat:`",
            )
        if count is None:
            return None
        return Repeat(count=count, steps=steps, pos=node.pos, every_s=every)

    def rep_count(self, node: Node) -> RepCount | None:
        if node.bad:
            return None
        if isinstance(node, Scalar) and scalar_type(node) in ("int", "str"):
            try:
                return parse_rep_count(node.value)
            except QuantityError as error:
                self.error(node.pos, str(error))
                return None
        self.error(
            node.pos, f"`repeat` should be a count such as 8 or a range such as 8-12, not {describe(node)}"
        )
        return None

    def step(self, node: Map, kind_key: Scalar, length_node: Node, *, in_repeat: bool) -> Step | None:
        kind = StepKind(kind_key.value)
        length = self.length(length_node, kind)
        key_pos: dict[str, SourcePos] = {kind_key.value: kind_key.pos, "length": kind_key.pos}
        fields: dict[str, object] = {}
        last_node: Node | None = None
        for key, value in node.pairs:
            name = key.value
            if name in KIND_KEYS or name == "repeat":
                continue
            if name in ("steps", "every"):
                self.error(key.pos, f"`{name}` belongs to a repeat, not to a `{kind.value}` step")
            elif name in ("last", "progress") and not in_repeat:
                self.error(
                    key.pos,
                    f"`{name}` only applies inside a repeat: it "
                    + (
                        "changes the final repetition"
                        if name == "last"
                        else "changes the pace with each repetition"
                    ),
                    f"put this step inside a `repeat:` block, or remove `{name}:`",
                )
            elif name == "last":
                last_node = value
                key_pos["last"] = key.pos
            elif name in STEP_KEYS:
                self.read_field(name, key.pos, value, fields, key_pos, where="")
            else:
                self.unknown_key(key, STEP_KEYS + KIND_KEYS, f"in a `{kind.value}` step")
        self.check_targets(fields, key_pos, where="")
        last = self.last(last_node, kind, key_pos) if last_node is not None else None
        self.check_step(None if length_node.bad else length_node.pos, length, fields)
        if isinstance(last, dict):
            last_length = last.get("length")
            self.check_step(
                key_pos["last.length"] if isinstance(last_length, DistanceLength) else None,
                last_length if isinstance(last_length, TimeLength | DistanceLength) else length,
                {**fields, **last},
            )
        return Step(
            kind=kind,
            length=length if length is not None else OpenLength(),
            pos=node.pos,
            last=last,
            key_pos=key_pos,
            # Keys are Step field names, each value made by that field's parser.
            **fields,  # type: ignore[arg-type]
        )

    def length(self, node: Node, kind: StepKind) -> Length | None:
        if node.bad:
            return None
        if isinstance(node, Scalar) and scalar_type(node) == "null":
            return OpenLength()
        read = self.quantity(node, kind.value, lambda t: parse_length(t, kind), "400m, 2min or 1:30")
        if isinstance(read, DistanceLength) and read.metres < SHORTEST_LIKELY_DISTANCE_M:
            self.small_distance(node.pos, read.metres)
        return read

    def small_distance(self, pos: SourcePos, metres: float) -> None:
        self.warn(pos, f"{metres:g} m: did you mean {metres:g}min?", "`m` is metres; minutes are `min`")

    def read_field(
        self,
        name: str,
        pos: SourcePos,
        value: Node,
        into: dict[str, object],
        key_pos: dict[str, SourcePos],
        *,
        where: str,
    ) -> None:
        """Read one step key with its reader and keep the value (if good) and where it was written.

        A step and its `last:` share this, so a key means the same in both;
        `where` is the key-position prefix (`""` or `"last."`).
        """
        field = FIELD_OF_KEY.get(name, name)
        key_pos[f"{where}{name}"] = pos
        key_pos[f"{where}{field}"] = pos
        read = STEP_FIELD_READERS[name](self, value)
        if read is not None:
            into[field] = read

    def effort(self, value: Node) -> object | None:
        if isinstance(value, Scalar) and scalar_type(value) in ("int", "float"):
            self.error(
                value.pos,
                f"`effort: {value.value}` needs a %: write {value.value}%, or words such as hard",
            )
            return None
        text = self.text(value, "effort")
        return None if text is None else self.quantity(value, "effort", parse_effort, "90% or max")

    def check_targets(self, fields: dict[str, object], key_pos: dict[str, SourcePos], where: str) -> None:
        if "pace" in fields and "speed_kmh" in fields:
            self.error(
                key_pos[f"{where}speed"],
                "a step has a pace or a speed, not both",
                "keep `speed:` for a treadmill belt setting, or `pace:` for a target pace",
            )
        if "progress" in fields and "pace" not in fields:
            self.error(
                key_pos[f"{where}progress"], "`progress` changes the pace, and this step has no `pace:`"
            )

    def check_step(
        self, length_pos: SourcePos | None, length: Length | None, fields: dict[str, object]
    ) -> None:
        """Checks that need the whole step: a treadmill distance's target, where cues fall.

        `length_pos` is where the length was written, or None when the
        treadmill check was already made for it (the base step of a `last:`).
        """
        has_target = fields.get("pace") is not None or fields.get("speed_kmh") is not None
        treadmill_distance = self.environment is Environment.TREADMILL and isinstance(length, DistanceLength)
        if treadmill_distance and not has_target and length_pos is not None and length is not None:
            self.error(
                length_pos,
                f"a {describe_length(length)} step on a treadmill needs a `pace:` or a `speed:` to be timed",
                "add e.g. `pace: 5k` or `speed: 12 km/h`, or give the step a time such as 2min",
            )
        cues = fields.get("cues")
        if not isinstance(cues, tuple):
            return
        for cue in cues:
            assert isinstance(cue, CueSpec)
            at = cue.at
            if at.metres is not None and not has_target and not treadmill_distance:
                self.warn(
                    cue.pos,
                    f"a cue at {at.metres:g} m cannot be placed: this step has no pace or speed,"
                    " so nobody knows when that point comes; it will be left out",
                    "give the step a `pace:`, or time the cue (e.g. `at: 30s to go`)",
                )
            self.check_cue_fits(cue, length)

    def check_cue_fits(self, cue: CueSpec, length: Length | None) -> None:
        at = cue.at
        outside = (
            isinstance(length, TimeLength) and at.seconds is not None and at.seconds >= length.seconds
        ) or (isinstance(length, DistanceLength) and at.metres is not None and at.metres >= length.metres)
        if outside and length is not None:
            self.warn(
                cue.pos, f"this cue falls outside its {describe_length(length)} step; it will be left out"
            )

    def last(
        self, node: Node, kind: StepKind, key_pos: dict[str, SourcePos]
    ) -> dict[str, object] | Literal["skip"] | None:
        if node.bad:
            return None
        if isinstance(node, Scalar) and scalar_type(node) == "str" and node.value.strip().lower() == SKIP:
            return SKIP
        if not isinstance(node, Map):
            self.error(
                node.pos,
                "`last` is `skip` or a mapping of keys that change the final repetition,"
                f" not {describe(node)}",
                "e.g. `last: skip`, or `last:` with `effort: max` indented below it",
            )
            return None
        if not node.pairs:
            self.error(node.pos, "`last` is empty", "give it keys such as `effort: max`, or `skip`")
            return None
        overrides: dict[str, object] = {}
        for key, value in node.pairs:
            name = key.value
            if name == kind.value:
                key_pos["last.length"] = key.pos
                key_pos[f"last.{name}"] = key.pos
                length = self.length(value, kind)
                if length is not None:
                    overrides["length"] = length
            elif name in KIND_KEYS or name == "repeat":
                self.error(
                    key.pos,
                    f"`last` can change this step's length (`{kind.value}: ...`), not its kind (`{name}`)",
                )
            elif name == "last":
                self.error(key.pos, "`last` inside `last` means nothing", "remove the inner `last:`")
            elif name in STEP_KEYS:
                self.read_field(name, key.pos, value, overrides, key_pos, where="last.")
            else:
                self.unknown_key(key, (kind.value, *STEP_KEYS), "in `last`")
        self.check_targets(overrides, key_pos, where="last.")
        return overrides

    # ---- cues ------------------------------------------------------------------------

    def cues(self, node: Node) -> tuple[CueSpec, ...] | None:
        if node.bad:
            return None
        if not isinstance(node, Seq):
            self.error(
                node.pos,
                f"a step's `cues` is a list of cues, not {describe(node)}",
                "each cue starts with `- at:` (or `- say:`) on its own line",
            )
            return None
        built = (self.cue(item) for item in node.items)
        return tuple(cue for cue in built if cue is not None)

    def known_sound(self, node: Node, sound: str) -> bool:
        """One of kick's own sounds, or a `.wav` path: a misspelt name would be a silent cue."""
        names = self.sounds
        if sound.lower().endswith(".wav") or sound in names:
            return True
        close = difflib.get_close_matches(sound.lower(), names, n=1, cutoff=0.6)
        listed = "kick's sounds: " + ", ".join(names) + ", or the path to a .wav file"
        self.error(
            node.pos,
            f"unknown sound `{sound}`",
            f"did you mean `{close[0]}`? ({listed})" if close else listed,
        )
        return False

    def cue(self, node: Node) -> CueSpec | None:
        if node.bad:
            return None
        if not isinstance(node, Map):
            hint = f"write `- say: {node.value}`" if isinstance(node, Scalar) else None
            self.error(
                node.pos, f"a cue is a mapping with `at:` and `say:` or `sound:`, not {describe(node)}", hint
            )
            return None
        at = parse_cue_at("start")
        say: str | None = None
        sound: str | None = None
        valid = True
        for key, value in node.pairs:
            if key.value == "at":
                read = self.quantity(value, "at", parse_cue_at, "30s to go")
                if read is None:
                    valid = False
                else:
                    at = read
                    if at.metres is not None and at.metres < SHORTEST_LIKELY_DISTANCE_M:
                        self.small_distance(value.pos, at.metres)
            elif key.value == "say":
                say = self.text(value, "say")
                valid = valid and say is not None
            elif key.value == "sound":
                sound = self.text(value, "sound")
                valid = valid and sound is not None and self.known_sound(value, sound)
            else:
                self.unknown_key(key, CUE_KEYS, "in a cue")
                valid = False
        if "say" not in node.index and "sound" not in node.index:
            self.error(node.pos, "this cue has nothing to say or play", "add `say: ...` or `sound: bell`")
            return None
        return CueSpec(at=at, say=say, sound=sound, pos=node.pos) if valid else None


#: The text that is one line on the screen, at most MAX_SHORT_TEXT characters (other text: MAX_TEXT).
SHORT_TEXT_KEYS = frozenset({"name", "summary", "an item of tags", "label", "effort", "activity"})


def _quantity_reader(
    key: str, read: Callable[[str], object], example: str
) -> Callable[[Checker, Node], object]:
    return lambda checker, node: checker.quantity(node, key, read, example)


def _text_reader(key: str) -> Callable[[Checker, Node], object]:
    return lambda checker, node: checker.text(node, key)


#: Each step key (other than the kind and `last`) → how its value is read. A
#: step and its `last:` both read through this one table.
STEP_FIELD_READERS: Mapping[str, Callable[[Checker, Node], object | None]] = {
    "label": _text_reader("label"),
    "pace": _quantity_reader("pace", parse_pace, "4:30/km or 5k"),
    "effort": Checker.effort,
    "speed": _quantity_reader("speed", parse_speed_kmh, "16 km/h or 10 mph"),
    "incline": _quantity_reader("incline", parse_incline_range, "8% or 5-10%"),
    "activity": _text_reader("activity"),
    "say": _text_reader("say"),
    "cues": Checker.cues,
    "progress": _quantity_reader("progress", parse_progress, "-15s/mi"),
}

#: The keys a step may carry besides its kind, in the order "did you mean" lists them.
STEP_KEYS = (*STEP_FIELD_READERS, "last")

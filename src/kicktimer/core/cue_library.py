"""The cue library: mantras, form cues and focus cues, and when each one fits.

A runner at full effort does not read the screen, so the timer talks: "It's
go time" before the final rep, "Drive with your arms!" in the closing metres.
Those words come from the source documents (the seeds); the library says what
each cue is, when it fits, and where it comes from. The built-in library and
the user's own `cues.yaml` share one format, parsed here from text (the shell
reads the files), so every mistake in a user's file points at its line.

Both are read with the workout files' own YAML reader (`workout.yamlread`):
libyaml's speed for the built-ins on every start, and the same guards for a
user's file (nesting bounded, aliases never expanded, no Python tags).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from kicktimer.errors import Problem, SourcePos
from kicktimer.workout.model import CueSettings
from kicktimer.workout.yamlread import FileKind, Map, Node, Scalar, Seq, compose, scalar_type

MAX_FILE_BYTES = 1024 * 1024
MAX_CUES = 1000
CUE_FILE = FileKind("cue file", "a cue file")

_TRUE = frozenset({"true", "yes", "on", "y"})


class CueKind(Enum):
    """What a cue does for the runner."""

    MANTRA = "mantra"  # self-talk: "I can do this!"
    FORM = "form"  # one simple technical cue: "Knees up!"
    FOCUS = "focus"  # where to put the mind: the runner ahead, a fixed point


class Fit(Enum):
    """A moment of a workout where a kind of cue makes sense."""

    BEFORE_START = "before_start"
    FINAL_REP = "final_rep"
    CLOSING = "closing"
    SECOND_HALF = "second_half"
    RECOVERY = "recovery"

    @property
    def description(self) -> str:
        return _FIT_DESCRIPTIONS[self]


_FIT_DESCRIPTIONS = {
    Fit.BEFORE_START: "before the start (end of the warm-up)",
    Fit.FINAL_REP: "the final repetition",
    Fit.CLOSING: "the closing metres or seconds of a hard rep",
    Fit.SECOND_HALF: "the second half of a long effort",
    Fit.RECOVERY: "a recovery between reps",
}

# Where a cue fits when its entry does not say.
_DEFAULT_FITS = {
    CueKind.MANTRA: (Fit.SECOND_HALF, Fit.CLOSING),
    CueKind.FORM: (Fit.CLOSING,),
    CueKind.FOCUS: (Fit.CLOSING,),
}

USER_ORIGIN = "user"
WORKOUT_ORIGIN = "workout"


@dataclass(frozen=True)
class LibraryCue:
    """One cue of the library.

    `origin` is the seed file name for built-in cues, "user" for the user's
    own and "workout" for a workout's `mantras`; it ends up on the planned
    cue, so `kick show` can say where each word comes from.
    """

    text: str
    kind: CueKind
    fits: tuple[Fit, ...]
    origin: str
    seed: str | None = None
    section: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class CueFile:
    """A parsed cue file: its cues, and whether the built-in ones stay (`defaults`)."""

    cues: tuple[LibraryCue, ...] = ()
    defaults: bool = True


class CueLibraryError(Exception):
    """A cue file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.pos))
        super().__init__("\n".join(p.format() for p in self.problems))


def same_words(a: str, b: str) -> bool:
    """Whether two cue texts say the same thing (case, punctuation and spacing aside)."""
    return _normalised(a) == _normalised(b)


def _normalised(text: str) -> str:
    kept = "".join(ch.lower() if ch.isalnum() else " " for ch in text.replace("'", "").replace("’", ""))
    return " ".join(kept.split())


@dataclass(frozen=True)
class CueLibrary:
    """The cues the scheduler may choose from, in the order it rotates through them."""

    entries: tuple[LibraryCue, ...] = field(default=())

    @classmethod
    def combine(cls, builtin: CueFile, user: CueFile | None = None) -> CueLibrary:
        """Built-in cues extended by the user's; the user's file may drop the built-ins.

        A user cue with the same words as a built-in one replaces it in place
        (so a user can, say, move "Knees up!" to other moments).
        """
        entries = list(builtin.cues) if user is None or user.defaults else []
        for cue in user.cues if user is not None else ():
            entries = _with_replaced(entries, cue)
        return cls(tuple(entries))

    def for_workout(self, settings: CueSettings) -> CueLibrary:
        """The cues one workout may use: its `mantras` first, then the library unless `defaults: false`."""
        base = list(self.entries) if settings.defaults else []
        mantras = [
            LibraryCue(
                text=text, kind=CueKind.MANTRA, fits=_DEFAULT_FITS[CueKind.MANTRA], origin=WORKOUT_ORIGIN
            )
            for text in settings.mantras
            if text.strip()
        ]
        rest = [cue for cue in base if not any(same_words(cue.text, m.text) for m in mantras)]
        return CueLibrary(tuple(_unique(mantras) + rest))

    def fitting(self, fit: Fit, kinds: Iterable[CueKind] | None = None) -> tuple[LibraryCue, ...]:
        """The cues that fit a moment, optionally only of some kinds, in library order."""
        wanted = set(kinds) if kinds is not None else set(CueKind)
        return tuple(cue for cue in self.entries if fit in cue.fits and cue.kind in wanted)


def _with_replaced(entries: list[LibraryCue], cue: LibraryCue) -> list[LibraryCue]:
    for i, existing in enumerate(entries):
        if same_words(existing.text, cue.text):
            return [*entries[:i], cue, *entries[i + 1 :]]
    return [*entries, cue]


def _unique(cues: list[LibraryCue]) -> list[LibraryCue]:
    kept: list[LibraryCue] = []
    for cue in cues:
        if not any(same_words(cue.text, k.text) for k in kept):
            kept.append(cue)
    return kept


# ---- parsing ----------------------------------------------------------------

_TOP_KEYS = ("cues", "defaults")
_ENTRY_KEYS = ("say", "kind", "fits", "seed", "section", "quote")
_BUILTIN_REQUIRED = ("seed", "section", "quote")


def parse_cue_file(data: str | bytes, file: str, *, builtin: bool = False) -> CueFile:
    """Read a cue file (the built-in library or a user's `cues.yaml`).

    Raises `CueLibraryError` with every problem found, each at its line and
    column. Built-in entries must name their seed, section and quote; a user's
    may. An empty file is an empty library.
    """
    return _Parser(file, builtin).parse(data)


class _Parser:
    def __init__(self, file: str, builtin: bool) -> None:
        self.file = file
        self.builtin = builtin
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str, hint: str | None = None) -> None:
        pos = SourcePos(1, 1) if node is None else node.pos
        self.problems.append(Problem(self.file, pos, message, hint))

    def parse(self, data: str | bytes) -> CueFile:
        text = self._decode(data)
        if text is None:
            raise CueLibraryError(self.problems)
        document = compose(text, self.file, CUE_FILE)
        self.problems.extend(document.problems)
        if document.fatal:
            raise CueLibraryError(self.problems)
        result = self._top(document.root)
        if self.problems:
            raise CueLibraryError(self.problems)
        return result

    def _decode(self, data: str | bytes) -> str | None:
        size = len(data.encode() if isinstance(data, str) else data)
        if size > MAX_FILE_BYTES:
            self.problem(None, f"file is {size} bytes; a cue file may be at most {MAX_FILE_BYTES}")
            return None
        if isinstance(data, str):
            return data.removeprefix("\ufeff")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            before = data[: err.start]
            line = before.count(b"\n") + 1
            column = err.start - (before.rfind(b"\n") + 1) + 1
            self.problems.append(
                Problem(self.file, SourcePos(line, column), f"not valid UTF-8 (byte 0x{data[err.start]:02x})")
            )
            return None

    def _top(self, root: Node | None) -> CueFile:
        if root is None:
            return CueFile()
        if not isinstance(root, Map):
            self.problem(
                root, "a cue file is a mapping with a `cues:` list", "see `kick cues` for the format"
            )
            return CueFile()
        values = self._keys(root, _TOP_KEYS)
        defaults = True
        if "defaults" in values:
            defaults = self._bool(values["defaults"], "defaults")
        cues: list[LibraryCue] = []
        if "cues" in values:
            cues = self._cues(values["cues"])
        elif self.builtin:
            self.problem(root, "the built-in library needs a `cues:` list")
        return CueFile(tuple(cues), defaults)

    def _keys(self, node: Map, allowed: Sequence[str]) -> dict[str, Node]:
        """The mapping's known keys (duplicates and non-text keys are reported by the reader)."""
        values: dict[str, Node] = {}
        for key_node, value_node in node.pairs:
            key = key_node.value
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(allowed)
                self.problem(key_node, f"unknown key `{key}`", hint)
            else:
                values[key] = value_node
        return values

    def _cues(self, node: Node) -> list[LibraryCue]:
        if not isinstance(node, Seq):
            self.problem(node, "`cues` must be a list of cues")
            return []
        if len(node.items) > MAX_CUES:
            self.problem(node, f"{len(node.items)} cues; a cue file may hold at most {MAX_CUES}")
            return []
        cues = [cue for item in node.items if (cue := self._cue(item)) is not None]
        return cues

    def _cue(self, node: Node) -> LibraryCue | None:
        if isinstance(node, Scalar) and not self.builtin:
            text = self._text(node, "a cue")
            if text is None:
                return None
            return LibraryCue(text, CueKind.MANTRA, _DEFAULT_FITS[CueKind.MANTRA], USER_ORIGIN)
        if not isinstance(node, Map):
            self.problem(node, "a cue is a mapping with `say:`, `kind:` and `fits:`")
            return None
        values = self._keys(node, _ENTRY_KEYS)
        text = self._text(values["say"], "`say`") if "say" in values else None
        if "say" not in values:
            self.problem(node, "a cue needs `say:`, the words to show and speak")
        kind = self._kind(values["kind"]) if "kind" in values else CueKind.MANTRA
        fits = self._fits(values["fits"]) if "fits" in values else _DEFAULT_FITS[kind or CueKind.MANTRA]
        extras = {
            key: self._text(values[key], f"`{key}`") for key in ("seed", "section", "quote") if key in values
        }
        if self.builtin:
            for key in _BUILTIN_REQUIRED:
                if key not in values:
                    self.problem(node, f"a built-in cue needs `{key}:` (every cue traces to a seed)")
        if text is None or kind is None or fits is None:
            return None
        seed = extras.get("seed")
        return LibraryCue(
            text=text,
            kind=kind,
            fits=fits,
            origin=seed if self.builtin and seed else USER_ORIGIN,
            seed=seed,
            section=extras.get("section"),
            quote=extras.get("quote"),
        )

    def _text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, Scalar):
            self.problem(node, f"{what} must be text")
            return None
        if scalar_type(node) != "str":
            self.problem(
                node, f"{what} must be text, not `{node.value}`", f'write it in quotes: "{node.value}"'
            )
            return None
        text = " ".join(node.value.split())
        if not text:
            self.problem(node, f"{what} is empty")
            return None
        return text

    def _kind(self, node: Node) -> CueKind | None:
        word = self._text(node, "`kind`")
        if word is None:
            return None
        try:
            return CueKind(word.lower())
        except ValueError:
            names = [k.value for k in CueKind]
            close = difflib.get_close_matches(word.lower(), names, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "one of: " + ", ".join(names)
            self.problem(node, f"unknown kind `{word}`", hint)
            return None

    def _fits(self, node: Node) -> tuple[Fit, ...] | None:
        items = node.items if isinstance(node, Seq) else [node]
        if not items:
            self.problem(node, "`fits` is empty", "one or more of: " + ", ".join(f.value for f in Fit))
            return None
        fits: list[Fit] = []
        ok = True
        for item in items:
            word = self._text(item, "`fits`")
            if word is None:
                ok = False
                continue
            try:
                fit = Fit(word.lower().replace("-", "_").replace(" ", "_"))
            except ValueError:
                names = [f.value for f in Fit]
                close = difflib.get_close_matches(word.lower(), names, n=1)
                hint = f"did you mean `{close[0]}`?" if close else "one of: " + ", ".join(names)
                self.problem(item, f"unknown moment `{word}`", hint)
                ok = False
                continue
            if fit not in fits:
                fits.append(fit)
        return tuple(fits) if ok else None

    def _bool(self, node: Node, what: str) -> bool:
        if isinstance(node, Scalar) and scalar_type(node) == "bool":
            return node.value.lower() in _TRUE
        self.problem(node, f"`{what}` must be true or false")
        return True

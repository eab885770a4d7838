"""YAML text → a small tree of nodes that remember where they were written.

Why not `yaml.safe_load`: it forgets positions, keeps the last of two
duplicate keys without a word, reads `1:30` as the number 90, and expands
aliases into real copies (an alias bomb). Why not `yaml.compose`: it recurses
once per nesting level (a file nested 20,000 deep raises RecursionError) and
builds PyYAML nodes we would walk again anyway.

So we read the safe parser's event stream (libyaml's when present, PyYAML's
own otherwise) and compose here, iteratively:

- every node keeps its 1-based line and column;
- an alias is the very node its anchor names, never a copy, so the tree is a
  DAG as small as the file, however far its aliases would expand;
- nesting depth (as written, and through aliases) is bounded while reading;
- duplicate keys, tags other than the plain YAML ones (`!!python/...`),
  undefined aliases and a second document are problems with positions.

Scalars stay text: `1:30` is "1:30"; whether a plain scalar *looks like* a
number or a boolean is asked separately (`scalar_type`), so the checker can
say "quote it" where text belongs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, cast

import yaml

from kicktimer.errors import BIDI_CONTROLS, TERMINAL_CONTROLS, Problem, SourcePos
from kicktimer.workout.limits import MAX_TEXT, MAX_YAML_DEPTH
from kicktimer.workout.source import position_in_text

_Parser: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    _Parser = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader


class Scalar:
    """A scalar as written: `value` is its text; `plain` when it had no quotes nor block style."""

    __slots__ = ("bad", "plain", "pos", "tag", "value")
    height = 1

    def __init__(self, value: str, plain: bool, tag: str | None, pos: SourcePos) -> None:
        self.value = value
        self.plain = plain
        self.tag = tag
        self.pos = pos
        self.bad = False


class Seq:
    """A sequence; `height` is its nesting depth counting aliases as what they name."""

    __slots__ = ("bad", "height", "items", "pos", "tag")

    def __init__(self, tag: str | None, pos: SourcePos) -> None:
        self.items: list[Node] = []
        self.tag = tag
        self.pos = pos
        self.bad = False
        self.height = 1


class Map:
    """A mapping with scalar keys; `pairs` in file order, duplicates left out (and reported)."""

    __slots__ = ("bad", "height", "index", "keys", "pairs", "pos", "tag")

    def __init__(self, tag: str | None, pos: SourcePos) -> None:
        self.pairs: list[tuple[Scalar, Node]] = []
        self.index: dict[str, Node] = {}
        self.keys: dict[str, Scalar] = {}
        self.tag = tag
        self.pos = pos
        self.bad = False
        self.height = 1


Node = Scalar | Seq | Map


def describe(node: Node) -> str:
    """What a node is, in a user's words: for "should be text, not a list"."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping (keys and values)"
    value = node.value if len(node.value) <= 40 else node.value[:39] + "…"
    return f"`{value}`"


def one_line(text: str) -> str:
    """A message fit for one output line: line breaks quoted from the file are shown escaped."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


# ---- what a plain scalar looks like ------------------------------------------

ScalarType = Literal["str", "int", "float", "bool", "null"]

_CORE = "tag:yaml.org,2002:"
_TAG_TYPES: dict[str, ScalarType] = {
    f"{_CORE}str": "str",
    f"{_CORE}int": "int",
    f"{_CORE}float": "float",
    f"{_CORE}bool": "bool",
    f"{_CORE}null": "null",
    "!": "str",
}
_ALLOWED_COLLECTION_TAGS = {f"{_CORE}seq", f"{_CORE}map", "!"}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(?:[0-9][0-9_]*|0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def scalar_type(node: Scalar) -> ScalarType:
    """How YAML would read this scalar: text, a number, a boolean, or nothing.

    The YAML 1.1 booleans (`yes`, `on`, ...) count, being the classic trap;
    sexagesimal numbers (`1:30`) and dates do not, since a runner means them
    as text and the workout format reads them as times.
    """
    if node.tag is not None:
        return _TAG_TYPES.get(node.tag, "str")
    if not node.plain:
        return "str"
    value = node.value
    if _NULL.match(value):
        return "null"
    if _BOOL.match(value):
        return "bool"
    if _INT.match(value):
        return "int"
    if _FLOAT.match(value) and value not in (".", "-.", "+."):
        return "float"
    return "str"


# ---- composing ----------------------------------------------------------------


@dataclass
class Document:
    """The composed root (None for a file with no content) and what went wrong.

    `fatal` problems (syntax errors, nesting limits) leave no tree worth
    checking; the others (duplicate keys, refused tags, bad aliases, a second
    document) are reported alongside whatever the checker finds.
    """

    root: Node | None
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False


@dataclass(frozen=True)
class FileKind:
    """How messages name the file being read: the same reader serves workouts, cue files and rosters."""

    name: str
    """"workout file": "a workout file holds exactly one document"."""
    content: str
    """"a workout": "a workout needs only text, lists and mappings"."""
    depth_hint: str | None = None
    split_hint: str = "remove this `---` line and what follows"


WORKOUT_FILE = FileKind(
    "workout file",
    "a workout",
    depth_hint="repeats may nest at most 8 deep",
    split_hint="put each workout in its own file (remove this `---` line and what follows)",
)


class _Stop(Exception):
    """Reading ends here; the problem is already recorded."""


def _pos(event: yaml.Event) -> SourcePos:
    mark = event.start_mark
    return SourcePos(1, 1) if mark is None else SourcePos(mark.line + 1, mark.column + 1)


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Composer:
    def __init__(self, text: str, file: str, kind: FileKind) -> None:
        self.text = text
        self.file = file
        self.kind = kind
        self.problems: list[Problem] = []
        self.fatal = False
        self.anchors: dict[str, Node] = {}
        self.open_anchors: set[str] = set()
        # Open collections, innermost last: (node, anchor, pending mapping key).
        self.stack: list[list[object]] = []
        self.root: Node | None = None

    def problem(self, pos: SourcePos, message: str, hint: str | None = None) -> None:
        self.problems.append(
            Problem(self.file, pos, one_line(message), None if hint is None else one_line(hint))
        )

    def stop(self, pos: SourcePos, message: str, hint: str | None = None) -> _Stop:
        self.problem(pos, message, hint)
        self.fatal = True
        return _Stop()

    def check_tag(self, tag: str | None, pos: SourcePos, *, scalar: bool) -> bool:
        """Whether the tag is acceptable; a refused tag is reported once, here."""
        if tag is None or (tag in _TAG_TYPES if scalar else tag in _ALLOWED_COLLECTION_TAGS):
            return True
        shown = _show_tag(tag)
        if "python" in tag:
            self.problem(
                pos,
                f"the tag `{shown}` is refused: a {self.kind.name} is plain data and nothing in it is run",
                f"remove the tag; {self.kind.content} needs only text, lists and mappings",
            )
        else:
            self.problem(pos, f"the tag `{shown}` is not used in {self.kind.name}s", "remove it")
        return False

    def run(self, loader: yaml.SafeLoader | yaml.CSafeLoader) -> None:
        documents = 0
        while True:
            event = cast(yaml.Event, loader.get_event())
            kind = type(event)
            if kind is yaml.ScalarEvent:
                assert isinstance(event, yaml.ScalarEvent)
                pos = _pos(event)
                node = Scalar(event.value, event.style in (None, ""), event.tag, pos)
                if not self.check_tag(event.tag, pos, scalar=True):
                    node.bad = True
                if len(event.value) > MAX_TEXT:
                    self.problem(
                        pos,
                        f"this text is {len(event.value):,} characters long; "
                        f"text in a {self.kind.name} is at most {MAX_TEXT:,}",
                    )
                    node.bad = True
                elif event.style == '"' and _CONTROL_IN_TEXT.search(event.value) is not None:
                    self.control_character(event.value, pos)
                    node.bad = True
                elif _BIDI_CONTROL.search(event.value) is not None:
                    node.bad = True
                self.add(node, event.anchor)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                assert isinstance(event, yaml.CollectionStartEvent)
                self.open(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.close()
            elif kind is yaml.AliasEvent:
                assert isinstance(event, yaml.AliasEvent)
                self.add(self.alias(event), None)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.problem(
                        _pos(event),
                        f"a second YAML document starts here; a {self.kind.name} holds exactly one",
                        self.kind.split_hint,
                    )
                    return
            elif kind is yaml.StreamEndEvent:
                return

    def bidi_controls(self) -> None:
        """Each bidirectional embedding, override or isolate written in the file, refused where it is.

        They are invisible, and they make the text that follows show in
        another order than it is written (the "Trojan Source" trick): a name
        or cue would read one way in an editor and another on the timer. The
        marks a right-to-left language needs (U+200E, U+200F, U+061C) and the
        joiners emoji are made of (U+200D) are ordinary text and stay.
        """
        for found in _BIDI_CONTROL.finditer(self.text):
            self.problem(
                position_in_text(self.text, found.start()), _bidi_message(found.group(), "character")
            )

    def control_character(self, value: str, pos: SourcePos) -> None:
        """A double-quoted escape (`"\\e[2J"`) wrote a control character into text.

        The file's bytes have none (`source.decode_source` refuses them), but
        an escape makes one, and a name, tag or cue shown with an ESC in it
        could clear or retitle the runner's terminal. Reported where the
        escape is written when it can be found, else at the quoted text.
        """
        for found in _CONTROL_IN_TEXT.finditer(value):
            char = found.group()
            escape = _escape_pos(self.text, pos, char)
            if char not in _BIDI_NAMES:
                break
            if escape is not None:  # a bidirectional control written as it is was refused by `bidi_controls`
                self.problem(escape, _bidi_message(char, "escape for the character"))
                return
        else:
            return
        where = escape or pos
        self.problem(
            where,
            f"the escape for the control character U+{ord(char):04X} is not allowed in text: "
            f"it could drive the terminal the text is shown on",
        )

    def open(self, event: yaml.CollectionStartEvent, mapping: bool) -> None:
        pos = _pos(event)
        if len(self.stack) >= MAX_YAML_DEPTH:
            raise self.stop(
                pos,
                f"the file is nested more than {MAX_YAML_DEPTH} levels deep; "
                f"{self.kind.content} needs far fewer",
                self.kind.depth_hint,
            )
        node: Node = Map(event.tag, pos) if mapping else Seq(event.tag, pos)
        if not self.check_tag(event.tag, pos, scalar=False):
            node.bad = True
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append([node, event.anchor, None])

    def close(self) -> None:
        node, anchor, _ = self.stack.pop()
        assert isinstance(node, Seq | Map)
        if node.height > MAX_YAML_DEPTH:
            raise self.stop(
                node.pos,
                f"through its aliases this is nested more than {MAX_YAML_DEPTH} levels deep",
                "repeats may nest at most 8 deep",
            )
        if isinstance(anchor, str):
            self.open_anchors.discard(anchor)
        self.add(node, anchor if isinstance(anchor, str) else None)

    def alias(self, event: yaml.AliasEvent) -> Node:
        pos = _pos(event)
        name = event.anchor or ""
        found = self.anchors.get(name)
        if found is not None:
            return found
        placeholder = Scalar("", True, None, pos)
        placeholder.bad = True
        if name in self.open_anchors:
            self.problem(pos, f"the alias `*{name}` is inside the node `&{name}` names: it would never end")
        else:
            self.problem(
                pos,
                f"the alias `*{name}` names no anchor above it",
                f"define `&{name}` on a node before this line",
            )
        return placeholder

    def add(self, node: Node, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = node
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        parent = frame[0]
        assert isinstance(parent, Seq | Map)
        if node.height >= parent.height:
            parent.height = node.height + 1
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        key = frame[2]
        if key is None:
            frame[2] = node
            return
        frame[2] = None
        assert isinstance(key, Scalar | Seq | Map)
        self.add_pair(parent, key, node)

    def add_pair(self, parent: Map, key: Node, value: Node) -> None:
        if key.bad:
            return
        if not isinstance(key, Scalar):
            self.problem(key.pos, f"a key must be a plain word, not {describe(key)}")
            return
        first_key = parent.keys.get(key.value)
        if first_key is not None:
            self.problem(
                key.pos,
                f"duplicate key `{key.value}` (already at line {first_key.pos.line})",
                "a key may appear once in a mapping; remove or rename one of them",
            )
            return
        parent.index[key.value] = value
        parent.keys[key.value] = key
        parent.pairs.append((key, value))


# What a double-quoted escape may not write into text: every control character but
# tab and line feed (a raw one is refused before parsing, see source.py), and the
# line and paragraph separators.
_CONTROL_IN_TEXT = re.compile(f"[{TERMINAL_CONTROLS}]")
# The bidirectional embeddings, overrides and isolates: refused anywhere in a file.
_BIDI_NAMES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}  # fmt: skip
_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def _bidi_message(char: str, what: str) -> str:
    return (
        f"the {what} U+{ord(char):04X} ({_BIDI_NAMES[char]}) is not allowed: "
        "it makes the text after it show in another order than it is written"
    )


_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_NAMED_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "r": "\r",
    "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029",
}  # fmt: skip


def _escape_pos(text: str, start: SourcePos, char: str) -> SourcePos | None:
    """Where the escape that writes `char` sits in the double-quoted scalar starting at `start`."""
    lines = text.split("\n", start.line - 1)
    if len(lines) < start.line:
        return None
    offset = len(text) - len(lines[-1]) + start.column - 1
    if text[offset : offset + 1] != '"':
        return None
    index = offset + 1
    while index < len(text) and text[index] != '"':
        escape = _ESCAPE.match(text, index) if text[index] == "\\" else None
        if escape is None:
            index += 1
            continue
        code = escape.group(1)
        written = chr(int(code[1:], 16)) if len(code) > 1 else _NAMED_ESCAPES.get(code)
        if written == char:
            return position_in_text(text, index)
        index = escape.end()
    return None


def compose(text: str, file: str, kind: FileKind = WORKOUT_FILE) -> Document:
    """Compose `text` (already decoded) into position-keeping nodes; never raises for bad YAML."""
    composer = _Composer(text, file, kind)
    composer.bidi_controls()
    loader = _Parser(text)
    try:
        composer.run(loader)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        if _LIBRARY_DEPTH_LIMIT in (error.problem or ""):
            # PyYAML >= 6.0.4 stops deep flow nesting in its scanner, which reads
            # ahead of the events, so its limit can fire before ours: say ours.
            composer.problems.append(_too_deep(text, file, kind))
        else:
            composer.problems.append(_syntax_problem(error, text, file))
        composer.fatal = True
    except yaml.YAMLError as error:
        composer.problems.append(Problem(file, SourcePos(1, 1), f"not readable as YAML: {error}"))
        composer.fatal = True
    finally:
        loader.dispose()
    return Document(composer.root, composer.problems, composer.fatal)


# ---- syntax errors --------------------------------------------------------------

_LIBRARY_DEPTH_LIMIT = "exceeded maximum nesting depth"


def _too_deep(text: str, file: str, kind: FileKind) -> Problem:
    """Our nesting message, at the bracket that opens level MAX_YAML_DEPTH + 1.

    Only flow brackets outside quotes are counted: that is the nesting PyYAML's
    scanner limits, and the message must be the same whichever guard fires.
    """
    depth = line = column = 0
    quote = ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                break
        elif char in "]}":
            depth -= 1
        if char == "\n":
            line, column = line + 1, 0
        else:
            column += 1
    return Problem(
        file,
        SourcePos(line + 1, column + 1),
        f"the file is nested more than {MAX_YAML_DEPTH} levels deep; {kind.content} needs far fewer",
        kind.depth_hint,
    )


_SYNTAX_HINTS = {
    "mapping values are not allowed": (
        "a `: ` inside a value: quote the value, or check this line's indentation"
    ),
    "could not find expected ':'": "a key without `:`, or a line indented differently from its neighbours",
    "did not find expected key": "check the indentation: keys of one mapping line up",
    "did not find expected '-' indicator": "items of a list line up, each starting with `- `",
    "found unexpected end of stream": "a quote or bracket is opened and never closed",
    "found undefined alias": "define the anchor (`&name`) before the alias (`*name`)",
}


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark is not None else 0
    column = mark.column if mark is not None else 0
    pos = SourcePos(line + 1, column + 1)
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if here[column : column + 1] == "\t" or "\t" in indent:
        return Problem(
            file,
            SourcePos(line + 1, (indent.find("\t") if "\t" in indent else column) + 1),
            "a tab is used for indentation here; YAML allows only spaces for indentation",
            "replace the tab with spaces (set your editor to insert spaces)",
        )
    problem = (error.problem or "this is not valid YAML").strip()
    message = f"YAML syntax: {problem}"
    if error.context and error.context_mark is not None and error.context_mark is not mark:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if key in problem), None)
    return Problem(file, pos, message, hint)

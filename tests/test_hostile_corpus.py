"""Hostile workout files: each is refused with one `FILE:LINE:COL: message` line.

Every file under tests/hostile/ (and the big ones generated here, too large
to commit) goes through `kick validate` in a fresh process, as a user would
run it: exit status 2, exactly one problem line (plus at most a hint line),
no traceback, and nothing in the file executed. Timing is not asserted here;
bench/validate_speed.py measures it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"


@dataclass(frozen=True)
class Expect:
    line: int
    column: int
    says: str


# What each committed file must be refused for, and where.
EXPECTED: dict[str, Expect] = {
    "python-tag.yaml": Expect(2, 7, "tag `!!python/object/apply:os.system` is refused"),
    "python-object.yaml": Expect(4, 10, "tag `!!python/object/new:subprocess.Popen` is refused"),
    "alias-bomb.yaml": Expect(11, 5, "expand to 26,947,368,420 steps"),
    "billion-laughs.yaml": Expect(5, 10, "`say` should be text, not a list"),
    "undefined-alias.yaml": Expect(3, 5, "`*nowhere` names no anchor"),
    "binary.yaml": Expect(3, 1, "binary file"),
    "invalid-utf8.yaml": Expect(1, 10, "invalid UTF-8: byte 0xe9"),
    "empty.yaml": Expect(1, 1, "the file is empty"),
    "only-comments.yaml": Expect(1, 1, "no workout (only comments)"),
    "tabs.yaml": Expect(3, 1, "a tab is used for indentation"),
    "duplicate-key.yaml": Expect(5, 5, "duplicate key `say` (already at line 4)"),
    "boolean-name.yaml": Expect(1, 7, "`name: yes` is read as a yes/no value"),
    "number-say.yaml": Expect(4, 10, "`say: 1` is read as a number"),
    "pace-1s-per-km.yaml": Expect(4, 11, "faster than anyone can run"),
    "pace-99-99.yaml": Expect(4, 11, "'99:99' has more than 59"),
    "duration-zero.yaml": Expect(3, 10, "'0s' is no time at all"),
    "duration-negative.yaml": Expect(3, 10, "cannot be negative: '-30s'"),
    "duration-99-99.yaml": Expect(3, 13, "'99:99' has more than 59"),
    "repeat-0.yaml": Expect(3, 13, "repeat 0 would never run"),
    "repeat-1e9.yaml": Expect(3, 13, "repeat 1000000000 is over the limit of 1,000"),
    "repeat-12-8.yaml": Expect(3, 13, "the range 12-8 runs backwards: write 8-12"),
    "last-outside-repeat.yaml": Expect(4, 5, "`last` only applies inside a repeat"),
    "two-kinds.yaml": Expect(4, 5, "two kinds in one step: `run` (line 3) and `recover`"),
    "treadmill-distance-no-pace.yaml": Expect(4, 10, "on a treadmill needs a `pace:` or a `speed:`"),
    "two-documents.yaml": Expect(4, 1, "a second YAML document"),
}


def _deep_flow() -> bytes:
    return b"[" * 20_000 + b"]" * 20_000 + b"\n"


def _deep_block() -> bytes:
    return b"- " * 20_000 + b"x\n"


def _deep_mapping() -> bytes:
    return b"name: Deep\nsteps: " + b"{a: " * 20_000 + b"x" + b"}" * 20_000 + b"\n"


def _deep_repeats() -> bytes:
    """Repeats nested 20,000 deep, the way a generator gone wrong would write them."""
    return b"name: Deep repeats\nsteps: " + b"[{repeat: 2, steps: " * 20_000 + b"[{run: 1s}]" + b"}]" * 20_000


def _alias_chain() -> bytes:
    """20,000 anchors, each a list holding the previous: shallow as text, deep as a graph."""
    lines = ["name: Alias chain", "steps:", "  - run: 1min", "    say: [&a0 [x]"]
    lines += [f"      , &a{i} [*a{i - 1}]" for i in range(1, 20_000)]
    lines.append("      ]")
    return ("\n".join(lines) + "\n").encode()


def _over_a_mebibyte() -> bytes:
    return b"name: Big\nsteps:\n" + b"  - run: 1min\n" * 90_000


def _wide_alias_bomb() -> bytes:
    """Eight levels, 100 aliases each, under repeats of 1,000: ~1e25 steps."""
    lines = ["name: Wide bomb", "steps:", "  - &l0 {repeat: 1000, steps: [{run: 1s}]}"]
    for level in range(1, 8):
        aliases = ", ".join([f"*l{level - 1}"] * 100)
        lines.append(f"  - &l{level} {{repeat: 1000, steps: [{aliases}]}}")
    return ("\n".join(lines) + "\n").encode()


GENERATED: dict[str, tuple[bytes, Expect]] = {
    "nesting-20000-flow.yaml": (_deep_flow(), Expect(1, 65, "nested more than 64 levels")),
    "nesting-20000-block.yaml": (_deep_block(), Expect(1, 129, "nested more than 64 levels")),
    "nesting-20000-mapping.yaml": (_deep_mapping(), Expect(2, 8 + 4 * 63, "nested more than 64 levels")),
    "nesting-20000-repeats.yaml": (_deep_repeats(), Expect(2, 8 + 20 * 31 + 1, "nested more than 64")),
    "alias-chain-20000.yaml": (_alias_chain(), Expect(67, 9, "through its aliases this is nested")),
    "over-1-mib.yaml": (_over_a_mebibyte(), Expect(1, 1, "the file is 1.2 MiB")),
    "wide-alias-bomb.yaml": (_wide_alias_bomb(), Expect(10, 5, "steps once repeats and aliases")),
}


def validate(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def assert_refused_once(result: subprocess.CompletedProcess[str], path: Path, expect: Expect) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    lines = output.splitlines()
    assert 1 <= len(lines) <= 2, output
    head = re.fullmatch(rf"{re.escape(str(path))}:(\d+):(\d+): (.+)", lines[0])
    assert head is not None, output
    assert (int(head.group(1)), int(head.group(2))) == (expect.line, expect.column), output
    assert expect.says in head.group(3), output
    if len(lines) == 2:
        assert lines[1].startswith("  hint: "), output


def test_every_committed_file_has_an_expectation() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_hostile_file_is_refused_with_one_line(name: str, tmp_path: Path) -> None:
    path = HOSTILE / name
    assert_refused_once(validate(path, tmp_path), path, EXPECTED[name])
    assert list(tmp_path.iterdir()) == [], "something in the file ran"


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_file_is_refused_with_one_line(name: str, tmp_path: Path) -> None:
    data, expect = GENERATED[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert_refused_once(validate(path, tmp_path), path, expect)

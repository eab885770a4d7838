"""The cue library: every built-in cue traces to a seed; user files are read strictly."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

from kicktimer.core.cue_library import (
    CueFile,
    CueKind,
    CueLibrary,
    CueLibraryError,
    Fit,
    LibraryCue,
    parse_cue_file,
)
from kicktimer.workout.model import CueSettings

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BUILTIN_TEXT = (files("kicktimer") / "data" / "cues.yaml").read_bytes()
STOPWORDS = {"than", "that", "this", "with", "your", "from", "have", "into", "just", "then", "what"}


def builtin() -> CueFile:
    return parse_cue_file(BUILTIN_TEXT, "cues.yaml", builtin=True)


def flat(text: str) -> str:
    """Seeds use curly quotes and wrap lines; compare words, not typography."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def key_words(text: str) -> list[str]:
    words = re.findall(r"[a-z']+", flat(text))
    return [w.replace("'", "") for w in words if len(w.replace("'", "")) >= 4 and w not in STOPWORDS]


# ---- the built-in library -----------------------------------------------------


def test_builtin_library_has_the_cues_the_spec_names() -> None:
    texts = {flat(c.text).rstrip(".!") for c in builtin().cues}
    for phrase in ("i can do this", "i'm staying strong", "it's go time", "knees up", "drive with your arms"):
        assert phrase in texts
    assert "upright torso, high knees, active arms" in texts
    assert "relax and keep your form" in texts


def test_builtin_library_covers_every_kind_and_moment() -> None:
    cues = builtin().cues
    assert {c.kind for c in cues} == set(CueKind)
    assert {fit for c in cues for fit in c.fits} == set(Fit)


@pytest.mark.parametrize("cue", builtin().cues, ids=lambda c: c.text)
def test_each_builtin_cue_says_what_its_quote_says(cue: LibraryCue) -> None:
    assert cue.quote is not None and cue.seed is not None and cue.section is not None
    assert cue.origin == cue.seed
    quote_words = key_words(cue.quote)
    for word in key_words(cue.text):
        assert any(q.startswith(word[:4]) for q in quote_words), f"{word!r} is not in the quote"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not at {SEEDS}")
@pytest.mark.parametrize("cue", builtin().cues, ids=lambda c: c.text)
def test_each_builtin_cue_traces_to_its_seed(cue: LibraryCue) -> None:
    assert cue.seed is not None and cue.quote is not None and cue.section is not None
    seed = flat((SEEDS / cue.seed).read_text(encoding="utf-8"))
    assert flat(cue.quote) in seed
    assert flat(cue.section) in seed
    for word in key_words(cue.text):
        assert word[:4] in seed.replace("'", "")


def test_a_builtin_cue_without_its_seed_is_refused() -> None:
    text = "cues:\n  - say: Knees up!\n    kind: form\n    fits: [closing]\n"
    with pytest.raises(CueLibraryError) as caught:
        parse_cue_file(text, "cues.yaml", builtin=True)
    messages = [p.message for p in caught.value.problems]
    assert any("seed" in m for m in messages) and any("quote" in m for m in messages)


# ---- a user's cues.yaml --------------------------------------------------------


def test_user_cues_extend_the_library_and_are_marked_as_the_users() -> None:
    user = parse_cue_file(
        "cues:\n  - say: Stay tall\n    kind: form\n    fits: [closing, second half]\n"
        "  - Float like a feather\n",
        "cues.yaml",
    )
    library = CueLibrary.combine(builtin(), user)
    stay = next(c for c in library.entries if c.text == "Stay tall")
    assert stay.origin == "user" and stay.kind is CueKind.FORM
    assert stay.fits == (Fit.CLOSING, Fit.SECOND_HALF)
    feather = next(c for c in library.entries if c.text == "Float like a feather")
    assert feather.kind is CueKind.MANTRA
    assert len(library.entries) == len(builtin().cues) + 2


def test_a_user_cue_with_a_builtins_words_replaces_it() -> None:
    user = parse_cue_file("cues:\n  - say: knees up\n    kind: form\n    fits: recovery\n", "cues.yaml")
    library = CueLibrary.combine(builtin(), user)
    knees = [c for c in library.entries if c.text.lower().startswith("knees up")]
    assert len(knees) == 1 and knees[0].fits == (Fit.RECOVERY,) and knees[0].origin == "user"


def test_user_defaults_false_drops_the_builtins() -> None:
    user = parse_cue_file("defaults: false\ncues:\n  - say: Mine only\n", "cues.yaml")
    assert [c.text for c in CueLibrary.combine(builtin(), user).entries] == ["Mine only"]


def test_an_empty_user_file_is_an_empty_extension() -> None:
    assert parse_cue_file("", "cues.yaml") == CueFile()
    assert parse_cue_file(b"\xef\xbb\xbf# nothing yet\r\n", "cues.yaml") == CueFile()


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("cues:\n  - say: 400\n", "2:10", "in quotes"),
        ("cues:\n  - say: Hi\n    kinds: form\n", "3:5", "did you mean `kind`"),
        ("cues:\n  - say: Hi\n    kind: fom\n", "3:11", "did you mean `form`"),
        ("cues:\n  - say: Hi\n    fits: [closin]\n", "3:12", "did you mean `closing`"),
        ("cues:\n  - say: a\n    say: b\n", "3:5", "duplicate key"),
        ("defaults: 1\n", "1:11", "true or false"),
        ("cue:\n  - say: a\n", "1:1", "did you mean `cues`"),
        ("cues: [a, b\n", "2:1", "YAML syntax"),
        ("cues:\n  - kind: form\n", "2:5", "needs `say:`"),
        ("- just a list\n", "1:1", "mapping"),
        (b"cues:\n  - say: caf\xe9\n", "2:13", "UTF-8"),
    ],
)
def test_bad_user_files_point_at_the_line(text: str | bytes, where: str, words: str) -> None:
    with pytest.raises(CueLibraryError) as caught:
        parse_cue_file(text, "cues.yaml")
    first = caught.value.problems[0].format()
    assert first.startswith(f"cues.yaml:{where}: ")
    assert words in first


def test_every_problem_in_a_file_is_reported() -> None:
    text = "cues:\n  - say: 1\n  - say: ok\n    kind: nope\n  - say: fine\n    fits: [never]\n"
    with pytest.raises(CueLibraryError) as caught:
        parse_cue_file(text, "u.yaml")
    assert [p.pos.line for p in caught.value.problems] == [2, 4, 6]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("cues: " + "[" * 200_000 + "\n", "1:", "nested"),
        ("cues:\n  - !!python/object/apply:os.system [echo hi]\n", "2:5", "python/object"),
        ("a: &a [x, x]\nb: &b [*a, *a]\ncues: [*b, *b, *b]\n", "1:1", "unknown key `a`"),
    ],
    ids=["nested 200,000 deep", "a Python tag", "aliases"],
)
def test_hostile_user_files_are_one_problem_not_a_crash(text: str, where: str, words: str) -> None:
    """A user's cues.yaml gets the workout files' guards: depth, Python tags, no alias expansion."""
    with pytest.raises(CueLibraryError) as caught:
        parse_cue_file(text, "cues.yaml")
    first = caught.value.problems[0].format()
    assert first.startswith(f"cues.yaml:{where}")
    assert words in first


def test_an_oversized_file_is_refused_without_parsing() -> None:
    with pytest.raises(CueLibraryError, match="at most"):
        parse_cue_file("# " + "x" * (1024 * 1024), "big.yaml")


# ---- a workout's cue settings ---------------------------------------------------


def test_workout_mantras_come_first_and_defaults_false_keeps_only_them() -> None:
    library = CueLibrary.combine(builtin())
    with_mantras = library.for_workout(CueSettings(mantras=("Smooth is fast",)))
    assert with_mantras.entries[0].text == "Smooth is fast"
    assert with_mantras.entries[0].origin == "workout"
    assert len(with_mantras.entries) == len(library.entries) + 1
    only = library.for_workout(CueSettings(mantras=("Smooth is fast",), defaults=False))
    assert [c.text for c in only.entries] == ["Smooth is fast"]
    assert library.for_workout(CueSettings(defaults=False)).entries == ()


def test_a_workout_mantra_repeating_a_builtin_is_not_doubled() -> None:
    library = CueLibrary.combine(builtin())
    merged = library.for_workout(CueSettings(mantras=("i can do this",)))
    assert sum("can do this" in c.text.lower() for c in merged.entries) == 1

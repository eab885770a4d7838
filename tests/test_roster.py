"""Reading athletes from a roster file or from `--athletes`: every mistake points at FILE:LINE:COL."""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.core.coach.session import TIMER_KEYS, max_athletes
from kicktimer.roster import RosterError, load_roster, parse_athletes_option, parse_roster


def roster_lines(text: str) -> list[str]:
    with pytest.raises(RosterError) as caught:
        parse_roster(text, "team.yaml")
    return list(caught.value.lines)


def test_a_roster_file_is_a_yaml_list_of_names(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("# Tuesday group\n- Ana\n- Ben Okafor\n- 'Cy'\n", encoding="utf-8")
    athletes = load_roster(path)
    assert [(a.name, a.key) for a in athletes] == [("Ana", "1"), ("Ben Okafor", "2"), ("Cy", "3")]


def test_a_flow_list_a_bom_and_crlf_line_endings_are_fine() -> None:
    assert [a.name for a in parse_roster("[Ana, Ben]", "f")] == ["Ana", "Ben"]
    data = "\ufeff- Ana\r\n- Ben\r\n".encode()
    assert [a.name for a in parse_roster(data, "f")] == ["Ana", "Ben"]


def test_a_number_or_yes_no_must_be_quoted() -> None:
    lines = roster_lines("- Ana\n- 42\n- yes\n")
    assert lines[0].startswith("team.yaml:2:3: 42 is read as a number")
    assert "quote it: '42'" in lines[0]
    assert lines[1].startswith("team.yaml:3:3: yes is read as")


def test_a_duplicate_points_at_the_second_one() -> None:
    assert roster_lines("- Ana\n- Ben\n-   ana\n") == [
        "team.yaml:3:5: 'ana' is already athlete 1; names must be unique"
    ]


def test_an_empty_item_is_an_empty_name() -> None:
    assert roster_lines("- Ana\n-\n- ''\n") == ["team.yaml:2:2: empty name", "team.yaml:3:3: empty name"]


def test_an_item_that_is_not_a_name() -> None:
    (head, hint) = roster_lines("- Ana\n- [Ben]\n")
    assert head == "team.yaml:2:3: each athlete is a name (or a mapping with name:), not a list"
    assert hint.startswith("  hint: ")


def test_every_problem_is_reported_in_file_order() -> None:
    lines = roster_lines("- 7\n- Ana\n- Ana\n- [x]\n")
    assert [line.split(": ")[0] for line in lines if not line.startswith("  ")] == [
        "team.yaml:1:3",
        "team.yaml:3:3",
        "team.yaml:4:3",
    ]


def test_too_many_athletes_points_at_the_first_one_without_a_key() -> None:
    limit = max_athletes()
    text = "".join(f"- Runner {i}\n" for i in range(limit + 2))
    (line,) = roster_lines(text)
    assert line.startswith(f"team.yaml:{limit + 1}:3: too many athletes: {limit + 2}")


def test_not_a_list() -> None:
    head = roster_lines("athletes: Ana\n")[0]
    assert head == "team.yaml:1:1: a roster must be a list of names"


def test_an_empty_file() -> None:
    assert roster_lines("# nobody yet\n")[0] == "team.yaml:1:1: the roster is empty"


def test_a_yaml_syntax_error_has_its_position_and_a_hint() -> None:
    (line, hint) = roster_lines("- Ana\n- 'Ben\n")
    assert line.startswith("team.yaml:3:1: YAML syntax: ")
    assert hint == "  hint: a quote or bracket is opened and never closed"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("[" * 100_000, "team.yaml:1:65: the file is nested more than 64 levels deep; a roster needs"),
        ("- !!python/object/apply:os.system [echo]\n", "team.yaml:1:3: the tag `!!python/object"),
        ("- Ana\n---\n- Ben\n", "team.yaml:2:1: a second YAML document starts here; a roster holds"),
    ],
    ids=["nested 100,000 deep", "a Python tag", "two documents"],
)
def test_a_hostile_roster_is_refused_with_its_position(text: str, start: str) -> None:
    """The roster has the workout files' guards: no crash on deep nesting, no Python tags."""
    assert roster_lines(text)[0].startswith(start)


def test_invalid_utf8_points_at_the_bad_byte() -> None:
    with pytest.raises(RosterError) as caught:
        parse_roster(b"- Ana\n- B\xe9n\n", "team.yaml")
    assert str(caught.value).startswith("team.yaml:2:4: not valid UTF-8 (byte 0xe9)")


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nobody.yaml"
    with pytest.raises(RosterError) as caught:
        load_roster(missing)
    assert caught.value.lines == (f"{missing}: can't read the roster: No such file or directory",)


def test_an_alias_to_a_list_is_refused_without_expanding_it() -> None:
    text = "- &a [x, x, x]\n- *a\n"
    lines = roster_lines(text)
    assert lines[0].startswith("team.yaml:1:3: each athlete is a name")


def test_athletes_option_splits_on_commas_and_trims() -> None:
    athletes = parse_athletes_option("Ana, Ben ,Cy")
    assert [(a.name, a.key) for a in athletes] == [("Ana", "1"), ("Ben", "2"), ("Cy", "3")]


def test_athletes_option_errors_point_at_the_column() -> None:
    with pytest.raises(RosterError) as caught:
        parse_athletes_option("Ana,,Ben, ana")
    assert caught.value.lines[:2] == (
        "--athletes:1:5: empty name",
        "--athletes:1:11: 'ana' is already athlete 1; names must be unique",
    )
    assert caught.value.lines[-1].startswith("  hint: ")


def test_athletes_option_empty() -> None:
    with pytest.raises(RosterError) as caught:
        parse_athletes_option("")
    assert caught.value.lines[0] == "--athletes:1:1: empty name"


def test_keys_the_app_reserves_are_skipped_for_roster_and_option_alike() -> None:
    reserved = [*TIMER_KEYS, "a"]
    text = "".join(f"- Runner {i}\n" for i in range(10))
    assert parse_roster(text, "f", reserved)[-1].key == "c"
    option = ",".join(f"Runner {i}" for i in range(10))
    assert parse_athletes_option(option, reserved)[-1].key == "c"

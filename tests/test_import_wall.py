"""The import wall: the functional core never reaches for the UI or an I/O library.

Workout parsing, plan compilation, pace math and the engine must stay pure so
they can be driven in tests with a fake clock and reused without a terminal.
Two checks, because each catches what the other misses: a static one reads
every core module's imports (including ones inside functions), and a dynamic
one imports the whole core in a fresh interpreter and looks at sys.modules
(catching a forbidden module pulled in through some third-party import).
The pure layer also reads and lists no files: the shell hands it bytes,
text and names. (`lint-imports`, in CI, checks the layers and cycles.)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kicktimer

PACKAGE = Path(kicktimer.__file__).resolve().parent
CORE_DIRS = ("workout", "core")
# The format libraries of `kick convert` too: the core maps steps, the shell reads bytes and XML.
FORBIDDEN = ("textual", "simpleaudio", "sqlite3", "rich", "garmin_fit_sdk", "fitdecode", "defusedxml", "xml")


def core_modules() -> list[str]:
    """Every module of the pure layer, subpackages included (`core/coach/...`)."""
    names = []
    for directory in CORE_DIRS:
        for path in sorted((PACKAGE / directory).rglob("*.py")):
            parts = path.relative_to(PACKAGE).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append("kicktimer." + ".".join(parts))
    return names


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_core_has_modules_to_check() -> None:
    assert {
        "kicktimer.workout.model",
        "kicktimer.core.segments",
        "kicktimer.core.events",
        "kicktimer.core.coach.board",
    } <= set(core_modules())


@pytest.mark.parametrize("directory", CORE_DIRS)
def test_core_sources_do_not_import_io_or_ui_libraries(directory: str) -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)} imports {sorted(imported_roots(path) & set(FORBIDDEN))}"
        for path in (PACKAGE / directory).rglob("*.py")
        if imported_roots(path) & set(FORBIDDEN)
    }
    assert not offenders, offenders


def test_importing_the_whole_core_loads_no_io_or_ui_library() -> None:
    program = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_the_pure_layer_lists_no_folder_through_resources() -> None:
    """Shipped files (sounds, workouts) are found by the shell and handed in: no module of
    the pure layer imports `kicktimer.resources`, which looks at the disk."""
    offenders = sorted(
        str(path.relative_to(PACKAGE))
        for directory in CORE_DIRS
        for path in (PACKAGE / directory).rglob("*.py")
        if "kicktimer.resources" in path.read_text(encoding="utf-8")
    )
    assert not offenders, offenders


FILE_MODULES = ("os", "io", "shutil", "glob", "tempfile", "pathlib", "importlib", "kicktimer.resources")
"""Modules whose only use here would be reaching the disk."""
FILE_METHODS = frozenset(
    {
        "read_text",
        "read_bytes",
        "write_text",
        "write_bytes",
        "iterdir",
        "glob",
        "rglob",
        "exists",
        "is_file",
        "is_dir",
        "mkdir",
        "unlink",
        "listdir",
        "scandir",
    }
)
FILE_FUNCTIONS = frozenset({"open", "load", "dump"})
"""Called bare (open) or as json.load/json.dump: both take a file."""


def file_access(path: Path) -> list[str]:
    """Where a module imports a file-system module or calls something that reads or lists files."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        for name in names:
            if any(name == bad or name.startswith(bad + ".") for bad in FILE_MODULES):
                found.append(f"line {node.lineno}: imports {name}")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FILE_FUNCTIONS:
                found.append(f"line {node.lineno}: calls {func.id}()")
            elif isinstance(func, ast.Attribute) and (
                func.attr in FILE_METHODS or (func.attr in FILE_FUNCTIONS and _is_json(func.value))
            ):
                found.append(f"line {node.lineno}: calls .{func.attr}()")
    return found


def _is_json(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "json"


@pytest.mark.parametrize("directory", CORE_DIRS)
def test_the_pure_layer_reads_and_lists_no_files(directory: str) -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)} {where}"
        for path in (PACKAGE / directory).rglob("*.py")
        for where in file_access(path)
    }
    assert not offenders, sorted(offenders)


def test_the_file_access_check_can_fail(tmp_path: Path) -> None:
    """The check above sees each way a module could reach the disk."""
    module = tmp_path / "reads.py"
    module.write_text(
        "import os\nfrom importlib import resources\nfrom pathlib import Path\nimport json\n"
        "open('x')\nPath('x').read_text()\nos.listdir('.')\njson.load(f)\n",
        encoding="utf-8",
    )
    assert file_access(module) == [
        "line 1: imports os",
        "line 2: imports importlib",
        "line 2: imports importlib.resources",
        "line 3: imports pathlib",
        "line 3: imports pathlib.Path",
        "line 5: calls open()",
        "line 6: calls .read_text()",
        "line 7: calls .listdir()",
        "line 8: calls .load()",
    ]


def test_every_top_level_module_has_its_layer_in_the_import_contracts() -> None:
    """A module the layers contract does not name escapes it: a new one must be given a layer."""
    import tomllib

    config = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    modules = {
        f"kicktimer.{path.stem if path.suffix == '.py' else path.name}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert modules - named == set()

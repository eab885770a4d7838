"""Where a command's `-o/--output` goes: a file, or standard output for `-`.

Every command that writes a file (`kick export`, `kick convert`) refuses a
path it cannot write the same way as any other bad input: one line
`PATH: message`, exit status 2, whatever the reason (no such folder, a
folder where the file should be, no permission).
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_output(output: str | Path, data: bytes) -> str | None:
    """Write `data` to `output` (`-`: standard output); None, or the one line that says why not."""
    if str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    try:
        Path(output).write_bytes(data)
    except OSError as error:
        return f"{output}: cannot write the file: {error.strerror or error}"
    return None

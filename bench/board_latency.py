"""The browser board against the terminal: key-to-split latency, CPU with 10 pages, bytes per page.

A coach session (`kick run --athletes ... --board 127.0.0.1:0`) runs in a
tmux window, as a coach runs it; its page is opened in Debian's headless
chromium through Playwright (never a downloaded browser).

1. Latency. Before each athlete key is sent with `tmux send-keys`, the
   script notes the wall clock; it then polls `tmux capture-pane` until the
   terminal shows that athlete's split (the TUI's own key-to-screen time,
   to within the polling step), while a MutationObserver in the page stamps
   the moment the athlete's row is redrawn with its new split (`Date.now()`,
   the same wall clock). Both are measured on the same presses.
2. CPU. The kick process's CPU time (/proc/PID/stat) over a window of a
   counting rep, with no page open and with 10 pages open (10 browser
   contexts: a browser keeps at most 6 connections per host in one). The
   rounds alternate so the machine's load weighs on both alike.
3. Network. After the CPU window, one client reads `/events` on a plain
   socket for the same length of time and counts every byte it receives
   (HTTP headers, chunked framing and events: the whole state on connect,
   then only what changed), per second.

Needs tmux and /usr/bin/chromium (Debian's `chromium` package).

Run: .venv/bin/python bench/board_latency.py [--presses 24] [--seconds 20] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

from kicktimer.app.board.browser import CHROMIUM, CHROMIUM_ARGS

ATHLETES = ("Ana", "Ben", "Cy", "Dee", "Eve", "Fay")
REPS_WORKOUT = """\
name: Board latency
environment: track
steps:
  - repeat: 40
    steps:
      - run: 200m
        pace: 3:00/km
      - recover: 2s
"""
LONG_REP_WORKOUT = """\
name: Board CPU
environment: track
steps:
  - run: 10km
    pace: 3:00/km
"""
SIZE = ("120", "40")
TICKS = os.sysconf("SC_CLK_TCK")
POLL_S = 0.01
PAGES = 10

MARK_ON_FLASH = """
(row) => {
  window.__seen = null;
  const tr = document.querySelector(`#athletes tbody tr:nth-child(${row})`);
  const observer = new MutationObserver(() => {
    if (window.__seen === null && tr.classList.contains("flash")) {
      window.__seen = Date.now();
      observer.disconnect();
    }
  });
  observer.observe(tr, { attributes: true, attributeFilter: ["class"] });
}
"""


def tmux(*args: str, env: dict[str, str] | None = None) -> str:
    """tmux on a server of each session's own (`-L` its name): a session started on a running
    server would get that server's environment (another KICK_DATA_DIR), not ours."""
    session = args[args.index("-t" if "-t" in args else "-s") + 1]
    done = subprocess.run(["tmux", "-L", session, *args], check=True, capture_output=True, text=True, env=env)
    return done.stdout


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in screen(session):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{text!r} never appeared:\n{screen(session)}")


@contextmanager
def coach_session(workout: str, scratch: Path, name: str) -> Iterator[tuple[str, int, str]]:
    """A coach session in tmux on the board: (tmux session, kick's pid, the board's URL), preview shown."""
    path = scratch / f"{name}.yaml"
    path.write_text(workout, encoding="utf-8")
    data = scratch / f"data-{name}"
    env = {**os.environ, "KICK_CONFIG_DIR": str(scratch / "config"), "KICK_DATA_DIR": str(data)}
    kick = Path(sys.executable).parent / "kick"
    command = (
        f"exec {kick} run {path} --athletes '{','.join(ATHLETES)}' --lead-in 0 --mute --no-voice"
        " --board 127.0.0.1:0"
    )
    session = f"kickboard-{os.getpid()}-{name}"
    tmux("new-session", "-d", "-s", session, "-x", SIZE[0], "-y", SIZE[1], command, env=env)
    try:
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        wait_for(session, "Board: http")
        url = (data / "board-url").read_text(encoding="utf-8").strip()
        yield session, pid, url
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], check=False, capture_output=True)


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(url)
    page.wait_for_function("() => document.getElementById('workout').textContent !== ''", timeout=20_000)
    return page


def latency(browser: Browser, scratch: Path, presses: int) -> tuple[list[float], list[float]]:
    """Milliseconds from each key press to the terminal and to the page showing the split."""
    terminal_ms: list[float] = []
    page_ms: list[float] = []
    with coach_session(REPS_WORKOUT, scratch, "latency") as (session, _pid, url):
        page = open_page(browser, url)
        tmux("send-keys", "-t", session, "Enter")
        rep = 1
        while len(page_ms) < presses:
            wait_for(session, f"Rep {rep}/40")
            page.wait_for_function(f"() => document.getElementById('rep').textContent === 'Rep {rep}/40'")
            time.sleep(0.5)
            for row, name in enumerate(ATHLETES[:3], start=1):
                page.evaluate(MARK_ON_FLASH, row)
                pattern = re.compile(re.escape(name) + r" \d+:\d\d\.\d")
                sent = time.time()
                tmux("send-keys", "-t", session, str(row))
                while pattern.search(screen(session)) is None:
                    time.sleep(POLL_S)
                terminal_ms.append((time.time() - sent) * 1000)
                page.wait_for_function("() => window.__seen !== null", timeout=10_000)
                page_ms.append(page.evaluate("window.__seen") - sent * 1000)
                time.sleep(0.2)
            tmux("send-keys", "-t", session, "Space")  # the rest are DNF: the rep closes
            rep += 1
    return terminal_ms, page_ms


def cpu_and_network(
    browser: Browser, scratch: Path, seconds: float, pages: int
) -> tuple[float, float | None]:
    """Kick's CPU seconds over `seconds` of a counting rep with `pages` pages open; then, with
    pages, the bytes per second one `/events` client receives."""
    with coach_session(LONG_REP_WORKOUT, scratch, f"cpu{pages}") as (session, pid, url):
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "Run 10 km")
        opened = [open_page(browser, url) for _ in range(pages)]
        time.sleep(2.0)
        before = cpu_seconds(pid)
        time.sleep(seconds)
        used = cpu_seconds(pid) - before
        for page in opened:
            page.context.close()
        return used, (events_bytes_per_second(url, seconds) if pages else None)


def events_bytes_per_second(url: str, seconds: float) -> float:
    """Every byte a client of `/events` receives over `seconds`, per second."""
    parsed = urlsplit(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    received = 0
    with socket.create_connection((host, port), timeout=2.0) as sock:
        request = (
            f"GET /events?{parsed.query} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        sock.sendall(request.encode())
        started = time.monotonic()
        while (left := seconds - (time.monotonic() - started)) > 0:
            sock.settimeout(left)
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            received += len(chunk)
        return received / (time.monotonic() - started)


def summary(values: list[float], unit: str = "ms") -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"min {ordered[0]:.1f} {unit}, median {statistics.median(ordered):.1f} {unit}, "
        f"p95 {p95:.1f} {unit}, max {ordered[-1]:.1f} {unit}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--presses", type=int, default=24, help="athlete keys timed (3 per rep)")
    parser.add_argument("--seconds", type=float, default=20.0, help="CPU and network window")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        scratch = Path(folder)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        terminal_ms, page_ms = latency(browser, scratch, args.presses)
        cpu: dict[int, list[float]] = {0: [], PAGES: []}
        rates: list[float] = []
        for _ in range(args.rounds):
            for pages in (0, PAGES):
                used, rate = cpu_and_network(browser, scratch, args.seconds, pages)
                cpu[pages].append(used)
                if rate is not None:
                    rates.append(rate)
        browser.close()
    print(
        f"Key press → split shown, {len(page_ms)} presses, {len(ATHLETES)} athletes"
        f" (tmux {SIZE[0]}×{SIZE[1]}):"
    )
    print(f"  terminal (capture-pane every {POLL_S * 1000:g} ms): {summary(terminal_ms)}")
    print(f"  page in headless chromium:            {summary(page_ms)}")
    none, ten = statistics.fmean(cpu[0]), statistics.fmean(cpu[PAGES])
    shown: dict[int, Any] = {k: ", ".join(f"{v:.2f}" for v in values) for k, values in cpu.items()}
    print(f"CPU of kick over {args.seconds:g} s of a counting rep, per round:")
    print(f"  no page:   {shown[0]} s (mean {none:.2f} s)")
    print(f"  {PAGES} pages:  {shown[PAGES]} s (mean {ten:.2f} s), ratio {ten / none:.2f}x")
    print(f"Network per page while the clock runs: {', '.join(f'{r:.0f}' for r in rates)} bytes/s")


if __name__ == "__main__":
    main()

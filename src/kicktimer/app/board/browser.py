"""How the board's checks start a real browser: Debian's chromium, headless, with no network of its own.

The real-browser test (tests/test_board_browser.py) and the latency bench
(bench/board_latency.py) must open the page in the same browser the same way,
or the bench would measure something the test never checked. Playwright is
pointed at this executable and never downloads one.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

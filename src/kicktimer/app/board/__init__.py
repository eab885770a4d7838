"""The board: the run's clock and the athletes' splits in a browser, on a tablet or a TV.

`kick run W --board [HOST:]PORT` serves a read-only page from inside the
app's own event loop (aiohttp, no thread). This package is imported only
when `--board` is given, so a plain `kick run` never loads aiohttp.

- `address`: the `[HOST:]PORT` option, the bound socket, the URL and the Host check;
- `state`: what the page shows, as text formatted by the terminal's own functions;
- `server`: the routes, the security headers and one-snapshot-per-client streaming;
- `qr`: the URL as a QR code drawn in text for the preview;
- `consumer`: the run's consumer that feeds the server.
"""

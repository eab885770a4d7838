"""`python -m kicktimer` is the same as `kick`."""

from kicktimer.cli import main

raise SystemExit(main())

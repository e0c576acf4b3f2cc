"""``python -m numcheck``: the same as the ``numcheck`` console script."""

from numcheck.cli import main

raise SystemExit(main())

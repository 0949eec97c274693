"""``python -m benchmarks``: run the benchmarks and write BENCHMARKS.md."""

from __future__ import annotations

from .run import main

raise SystemExit(main())

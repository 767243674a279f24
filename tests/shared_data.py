"""Where the reference files from other tools live: tests/data/external (with their licences), in
the repository, so every clone tests the same files whatever lies beside it.

WAYMARK_TESTDATA points elsewhere (to try a new batch of reference files)."""

from __future__ import annotations

import os
from pathlib import Path

TESTDATA = Path(os.environ.get("WAYMARK_TESTDATA") or Path(__file__).resolve().parent / "data" / "external")

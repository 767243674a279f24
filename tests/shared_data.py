"""Where the reference files from other tools live: ../shared/testdata beside the repository, as on CI.

WAYMARK_TESTDATA overrides it (a checkout elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

TESTDATA = Path(os.environ.get("WAYMARK_TESTDATA") or Path(__file__).resolve().parents[2] / "shared" / "testdata")

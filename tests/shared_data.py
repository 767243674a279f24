"""Where the reference files from other tools live: ../shared/testdata beside the repository, as on CI;
else the copy in tests/data/external (same files, same licences), so a lone clone still tests.

WAYMARK_TESTDATA overrides both."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_BESIDE = _HERE.parents[1] / "shared" / "testdata"
TESTDATA = Path(os.environ.get("WAYMARK_TESTDATA") or (_BESIDE if _BESIDE.is_dir() else _HERE / "data" / "external"))

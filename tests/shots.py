"""Where GUI tests save screenshots for people to look at.

$WAYMARK_SHOTS when set; else a new folder per test run under the system's temp folder, so a run
never depends on (or trips over) what an earlier run, or another user, left in a fixed path.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SHOTS = Path(os.environ.get("WAYMARK_SHOTS") or tempfile.mkdtemp(prefix="waymark-shots-"))

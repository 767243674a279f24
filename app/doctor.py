"""Checks, at install time, that Qt can start here; names any missing system library and its package.

Run by `make` after installing. Exit code 0 when Qt loads offscreen; 1 with a message otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

# The Debian/Ubuntu package that provides each library Qt's xcb/offscreen plugins need.
DEBIAN_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libOpenGL.so.0": "libopengl0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}

PROBE = (
    "import os; os.environ['QT_QPA_PLATFORM']='offscreen';"
    "from PySide6.QtWidgets import QApplication; from PySide6.QtGui import QPixmap;"
    "app = QApplication([]); QPixmap(4, 4).fill(); print('ok')"
)


def _probe(platform: str) -> tuple[bool, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=platform, QT_DEBUG_PLUGINS="1")
    code = PROBE.replace("'offscreen'", repr(platform))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return result.returncode == 0 and "ok" in result.stdout, result.stderr


def _explain(stderr: str) -> None:
    missing = sorted(set(re.findall(r"(lib[\w.+-]+\.so[.\d]*): cannot open shared object", stderr)))
    if missing:
        for lib in missing:
            package = DEBIAN_PACKAGES.get(lib, "the package that provides " + lib)
            print(f"  missing system library {lib}: install it with  sudo apt-get install {package}",
                  file=sys.stderr)
    else:
        # QT_DEBUG_PLUGINS is verbose: keep Qt's own verdict lines
        verdict = [ln for ln in stderr.splitlines() if ln.startswith(("qt.qpa", "This application", "Could not"))]
        print("\n".join(f"  {ln}" for ln in (verdict or stderr.strip().splitlines())[-6:]), file=sys.stderr)


def main() -> int:
    ok, stderr = _probe("offscreen")
    if not ok:
        print("waymark: Qt cannot start on this machine.", file=sys.stderr)
        _explain(stderr)
        return 1
    if os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        # the tests run offscreen, so only warn: the editor window needs Qt's X11 (xcb) plugin
        ok, stderr = _probe("xcb")
        if not ok:
            print("waymark: warning: the editor cannot open a window on this X display.", file=sys.stderr)
            _explain(stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

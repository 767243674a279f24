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
}

PROBE = (
    "import os; os.environ['QT_QPA_PLATFORM']='offscreen';"
    "from PySide6.QtWidgets import QApplication; from PySide6.QtGui import QPixmap;"
    "app = QApplication([]); QPixmap(4, 4).fill(); print('ok')"
)


def main() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env)
    if result.returncode == 0 and "ok" in result.stdout:
        return 0
    missing = sorted(set(re.findall(r"(lib[\w.+-]+\.so[.\d]*): cannot open shared object", result.stderr)))
    print("waymark: Qt cannot start on this machine.", file=sys.stderr)
    if missing:
        for lib in missing:
            package = DEBIAN_PACKAGES.get(lib, "the package that provides " + lib)
            print(f"  missing system library {lib}: install it with  sudo apt-get install {package}",
                  file=sys.stderr)
    else:
        print(result.stderr.strip()[-2000:], file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

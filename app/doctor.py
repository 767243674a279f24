"""Checks, before `make run` and `make test`, that Qt can start here; names the missing Debian packages.

`python -m app.doctor run` checks what the editor window needs (Qt's xcb platform plugin and its
libraries, libxcb-cursor0 among them, unless the session is Wayland or QT_QPA_PLATFORM names
another plugin); `python -m app.doctor test` checks what the offscreen tests need. Each asks `ldd`
which shared libraries the Qt plugin and PySide6's QtWidgets module link against and which of
them the system cannot find, without starting Qt, so it takes a few milliseconds and cannot crash.

Exit code 0 when nothing is missing; otherwise 1 and ONE line on stderr:
``waymark: missing Debian packages: libxcb-cursor0 libxcb-icccm4 (sudo apt-get install ...)``.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The Debian package that provides each library Qt's platform plugins and QtWidgets link against.
DEBIAN_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def qt_folder() -> Path | None:
    """PySide6's Qt folder (plugins, lib), found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def binaries_for(purpose: str, pyside: Path) -> list[Path]:
    """The shared objects that must load for `purpose` ("run": the window, "test": offscreen)."""
    platforms = pyside / "Qt" / "plugins" / "platforms"
    found = [pyside / "QtWidgets.abi3.so", platforms / "libqoffscreen.so"]
    if purpose == "run" and _window_platform() == "xcb":
        found.append(platforms / "libqxcb.so")
    return [p for p in found if p.exists()]


def _window_platform() -> str:
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen:
        return chosen
    return "wayland" if os.environ.get("WAYLAND_DISPLAY") else "xcb"


def missing_libraries(binaries: list[Path]) -> list[str]:
    """Libraries the binaries link against that the system cannot find (by ldd, else by find_library)."""
    ldd = shutil.which("ldd")
    missing: set[str] = set()
    if ldd is None:  # no ldd: at least the libraries we know Qt needs
        for lib in DEBIAN_PACKAGES:
            if ctypes.util.find_library(lib.removeprefix("lib").split(".so")[0]) is None:
                missing.add(lib)
        return sorted(missing)
    for binary in binaries:
        try:
            result = subprocess.run([ldd, str(binary)], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        missing.update(_NOT_FOUND.findall(result.stdout + result.stderr))
    return sorted(missing)


def packages_for(libraries: list[str]) -> list[str]:
    return sorted({DEBIAN_PACKAGES.get(lib, f"(the package with {lib})") for lib in libraries})


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    purpose = argv[0] if argv else "test"
    if purpose not in ("run", "test"):
        print("usage: python -m app.doctor [run|test]", file=sys.stderr)
        return 2
    pyside = qt_folder()
    if pyside is None:
        print("waymark: PySide6 is not installed in this Python; run `make` to install it", file=sys.stderr)
        return 1
    missing = missing_libraries(binaries_for(purpose, pyside))
    if missing:
        packages = packages_for(missing)
        known = [p for p in packages if not p.startswith("(")]
        fix = f" (sudo apt-get install {' '.join(known)})" if known else ""
        print(f"waymark: missing Debian packages: {' '.join(packages)}{fix}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

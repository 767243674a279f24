"""The command-line front door: `waymark [FILE]` opens the editor; subcommands run headless.

Each subcommand lives in a module of app/commands with a `register(subparsers)` function
that adds its parser and sets `func` (args -> exit code). Messages are for people (stderr);
exit codes and --json are for scripts.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

from app import __version__

EDITOR_HINT = "waymark [FILE] opens the editor; waymark COMMAND --help explains a command"


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="waymark",
        description="Waymark, the customer journey map editor. " + EDITOR_HINT,
    )
    parser.add_argument("--version", action="version", version=f"waymark {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib
    import pkgutil

    import app.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"app.commands.{info.name}")
        module.register(sub)
    return parser


def _open_editor(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):  # something to explain: argparse does it
        import argparse

        editor = argparse.ArgumentParser(prog="waymark", description="Open the Waymark editor.")
        editor.add_argument("file", nargs="?", help="a .journey project to open")
        return _start_editor(editor.parse_args(argv).file)
    return _start_editor(argv[0] if argv else None)  # the usual `waymark [FILE]`: no parser to build


def _start_editor(path: str | None) -> int:
    gc.disable()  # until the first paint: run_editor turns the collector back on (see app.widgets.application)
    # The Qt-free parts load before Qt: once PySide6 is imported, its import hook reads the source
    # of every module that imports anything afterwards (looking for `from __feature__ import`),
    # which for the modules of networkx and the model cost the start-up several ms.
    import app.layout
    import app.model
    import app.render.draw  # noqa: F401
    from app.widgets.application import run_editor  # Qt loads only when the editor opens

    return run_editor(path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (not argv[0].startswith("-") and any(c in argv[0] for c in "./\\")):
        # no arguments or a file name (command names have no dots or slashes): open the editor
        # without importing every subcommand module first (start-up time)
        return _open_editor(argv)
    import argparse

    parser = build_parser()
    commands = {name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
                for name in action.choices}
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        return _open_editor(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("waymark: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

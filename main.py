"""Entry point: `python main.py [FILE]` opens the editor; subcommands run headless (see app/cli.py)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())

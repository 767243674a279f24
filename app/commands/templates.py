"""`waymark templates`: list the templates `waymark new --template NAME` can start from."""

from __future__ import annotations

import argparse
import json

from app.model.templates import TEMPLATES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "templates",
        help="list the project templates",
        description="List the templates that `waymark new --template NAME` can start from.",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.json:
        rows = [{"name": t.name, "title": t.title, "description": t.description,
                 "stages": [name for name, _ in t.stages]} for t in TEMPLATES.values()]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(name) for name in TEMPLATES)
    for t in TEMPLATES.values():
        print(f"{t.name:<{width}}  {t.description}")
        print(f"{'':<{width}}  stages: {', '.join(name for name, _ in t.stages)}")
    return 0

"""The CLI reference in docs/cli.md must name every option that --help shows."""

import argparse
import re
from pathlib import Path

import pytest

from newsdesk.cli import build_parser

DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, argparse.ArgumentParser]]:
    out = []

    def walk(prefix: str, parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(f"{prefix} {name}".strip(), sub)
                return
        out.append((prefix, parser))

    walk("", build_parser())
    return out


def _section(command: str) -> str:
    m = re.search(rf"^## `newsdesk {re.escape(command)}`$(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert m, f"docs/cli.md has no section for 'newsdesk {command}'"
    return m.group(1)


@pytest.mark.parametrize(
    "command,parser", _commands(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_option_is_documented(command: str, parser: argparse.ArgumentParser) -> None:
    section = _section(command)
    options = [
        opt
        for action in parser._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    ]
    missing = [opt for opt in options if f"`{opt}" not in section]
    assert not missing, f"docs/cli.md 'newsdesk {command}' does not document {missing}"


def test_every_command_is_found() -> None:
    names = {c for c, _ in _commands()}
    assert {
        "brief",
        "add",
        "stories",
        "recluster",
        "eval summaries",
        "eval analysis",
        "eval clusters",
    } <= names

"""Options from a config file: ``excalidraw-export.toml`` or ``[tool.excalidraw-export]`` in ``pyproject.toml``.

The nearest of those files from the current folder upward is read. Top-level
keys apply to every verb that has the option; a table named after a verb
(``[render]``, ``[doc]``, ``[vault]``; in pyproject ``[tool.excalidraw-export.render]``)
applies to that verb only. Keys are option names without dashes
(``format``, ``padding``, ``jobs``, ``image-format``...). Flags on the command
line win. Relative paths are taken from the config file's folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CONFIG_NAME = "excalidraw-export.toml"
PYPROJECT_TABLE = "excalidraw-export"
VERBS = ("render", "doc", "vault", "info")


def _parse_toml(data: bytes) -> dict[str, Any]:
    """A TOML file's bytes parsed (as ``tomllib.load`` reads a file: UTF-8)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(data.decode())


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` and its options table."""
    folder = (start or Path.cwd()).absolute()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own, _parse_toml(own.read_bytes())
        pyproject = candidate / "pyproject.toml"
        # Most pyproject.toml files have no table of ours (any spelling of it holds the
        # name): those are not parsed, and a run does not import tomllib for them.
        data = pyproject.read_bytes() if pyproject.is_file() else b""
        if PYPROJECT_TABLE.encode() in data:
            table = _parse_toml(data).get("tool", {}).get(PYPROJECT_TABLE)
            if isinstance(table, dict):
                return pyproject, table
    return None


def _verb_parser(parser: argparse.ArgumentParser, verb: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(verb)
    return None


def _convert(action: argparse.Action, value: Any, base: Path, key: str) -> Any:
    """A TOML value as argparse would have produced it from the command line."""
    if isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)):
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false")
        return value if isinstance(action, argparse._StoreTrueAction) else not value
    if isinstance(action, argparse._AppendAction):
        values = value if isinstance(value, list) else [value]
        return [str(v) for v in values]
    if action.type is Path or (action.type is None and isinstance(action.default, Path)):
        return base / str(value)
    if callable(action.type):
        try:
            return action.type(str(value))
        except argparse.ArgumentTypeError as exc:
            raise ValueError(f"{key}: {exc}") from None
    if action.choices is not None and value not in action.choices:
        raise ValueError(f"{key} must be one of {', '.join(map(str, action.choices))}")
    return value


def _options_by_name(sub: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    by_name: dict[str, argparse.Action] = {}
    for action in sub._actions:
        for option in action.option_strings:
            if option.startswith("--"):
                by_name[option[2:]] = action
        by_name.setdefault(action.dest.replace("_", "-"), action)
    return by_name


def _lookup(by_name: dict[str, argparse.Action], key: str) -> argparse.Action | None:
    name = key.replace("_", "-")
    action = by_name.get(name) or by_name.get(name + "s") or by_name.get(name.removesuffix("s"))
    return None if action is None or action.dest in ("help", "inputs") else action


def config_defaults(parser: argparse.ArgumentParser, verb: str, table: dict[str, Any], base: Path,
                    source: Path) -> dict[str, Any]:
    """dest -> value for the options of ``verb`` set in ``table`` (top level and ``[verb]``)."""
    by_name = _options_by_name(_verb_parser(parser, verb))
    others = [_options_by_name(p) for v in VERBS if (p := _verb_parser(parser, v)) is not None]
    section = table.get(verb) if isinstance(table.get(verb), dict) else {}
    wanted = [(k, v, False) for k, v in table.items() if not isinstance(v, dict)]
    wanted += [(k, v, True) for k, v in section.items()]
    values: dict[str, Any] = {}
    for key, value, own in wanted:
        action = _lookup(by_name, key)
        if action is None:
            if own or not any(_lookup(o, key) for o in others):
                print(f"warning: {source}: unknown option {key!r}", file=sys.stderr)
            continue
        try:
            values[action.dest] = _convert(action, value, base, key)
        except ValueError as exc:
            raise SystemExit(f"excalidraw-export: error: {source}: {exc}") from None
        action.required = False
    return values


def parse_with_config(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv`` with the config file's options as defaults (flags win)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    verb = next((a for a in argv if not a.startswith("-")), None)
    found = find_config() if verb in VERBS else None
    if found is None:
        return parser.parse_args(argv)
    source, table = found
    sub = _verb_parser(parser, verb)
    if sub is None:
        return parser.parse_args(argv)
    defaults = config_defaults(parser, verb, table, source.parent, source)
    appended = {dest: v for dest, v in defaults.items()
                if any(a.dest == dest and isinstance(a, argparse._AppendAction) for a in sub._actions)}
    sub.set_defaults(**{k: v for k, v in defaults.items() if k not in appended})
    args = parser.parse_args(argv)
    for dest, value in appended.items():  # -f on the command line replaces the config's list
        if getattr(args, dest, None) is None:
            setattr(args, dest, value)
    return args

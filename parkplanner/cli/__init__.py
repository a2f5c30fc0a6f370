"""``parkplanner`` entry point: the GUI by default, headless subcommands otherwise.

Every subcommand lives in its own module in this package and exposes
``register(subparsers)``; modules are discovered, so adding a command touches no shared list.
Headless commands never import Qt. Errors follow one contract: one line on stderr, exit 2.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import warnings
from typing import Sequence

from parkplanner import __version__
from parkplanner.core.io.atomic import Terminated, terminate_as_exception

__all__ = ["main", "CliError", "EXIT_USAGE"]

EXIT_USAGE = 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse would print usage too)
        raise CliError(message)


def _subcommand_modules() -> list[str]:
    here = os.path.dirname(__file__)
    return sorted(m.name for m in pkgutil.iter_modules([here]) if not m.name.startswith("_"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parkplanner", description="Plan science and technology parks.")
    parser.add_argument("--version", action="version", version=f"parkplanner {__version__}")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in _subcommand_modules():
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def _is_gui_call(argv: Sequence[str], commands: set[str]) -> bool:
    if not argv:
        return True
    first = argv[0]
    return first not in commands and not first.startswith("-")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("PARKPLANNER_DEBUG"):
        # Library warnings (GDAL, pyogrio, numpy) are not for the user: the readers report what
        # they repaired or guessed themselves, as "parkplanner: warning:" lines.
        warnings.simplefilter("ignore")
    try:
        parser = build_parser()
        commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
        if _is_gui_call(argv, commands):
            if len(argv) > 1:
                raise CliError(f"unknown command {argv[0]!r} (commands: {', '.join(sorted(commands))})")
            from parkplanner.ui.app import run_gui  # Qt only on the GUI path

            return run_gui(argv[0] if argv else None)
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            raise CliError("no command given")
        with terminate_as_exception():  # a killed command removes its temporary files, as after Ctrl+C
            return int(args.run(args) or 0)
    except CliError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")
    except Terminated as exc:
        _fail(f"terminated ({exc}); nothing was written")
        return 128 + exc.signum  # the shell's code for a process ended by that signal
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: never a traceback at the user
        if os.environ.get("PARKPLANNER_DEBUG"):
            raise
        return _fail(_describe(exc))


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    if isinstance(exc, (KeyError,)) and text.startswith(("'", '"')):
        text = text.strip("'\"")
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or text}: {exc.filename}"
    return text


def _fail(message: str) -> int:
    print(f"parkplanner: error: {message}", file=sys.stderr)
    return EXIT_USAGE

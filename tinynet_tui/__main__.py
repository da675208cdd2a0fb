"""`tinynet-tui` / `python -m tinynet_tui`: check the options, then run the app.

Options are checked before the UI starts so a bad one exits with status 2 and one line. Torch is
only imported here when an option needs it (--load, or a device other than cpu); otherwise the
app paints first and the engine loads behind it.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from tinynet_core.config import presets_in_world
from tinynet_core.limits import MAX_SCREEN_HEIGHT, MAX_SCREEN_WIDTH
from tinynet_core.options import OneLineParser, UsageError, add_config_arguments, add_training_overrides, bounded, config_from_args, name_text
from tinynet_core.text import visible

from .driver import DEFAULT_FRAME_RATE
from .script import load_script, stays_open
from .tours import TOUR_NAMES

EXIT_USAGE = 2
WEB_HOST = "localhost"


def build_parser() -> OneLineParser:
    """The tinynet-tui argument parser."""
    parser = OneLineParser(
        prog="tinynet-tui",
        description="Watch a neural network learn, one nudge at a time: TinyNet (4 pixels -> 3 hidden -> 2 outputs) "
        "and the lab's worlds (digits, the plane, a curve, tables).",
        epilog="Inside the app press ? for help. 'tinynet worlds' and 'tinynet presets' list the names.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    add_config_arguments(parser, default_device="cpu")
    add_training_overrides(parser)
    parser.add_argument("--load", type=name_text, metavar="FILE|NAME", help="open a saved checkpoint, or a published model by name: sigmoid-baseline, relu-v1, relu-v2-regularized")
    parser.add_argument("--tour", choices=TOUR_NAMES, help="start a guided tour: discovery (how it learns, where it fails), trainer (how to fix it), journey, scratch or playground (the seed projects on the lab); G picks one in the app")
    parser.add_argument("--script", type=name_text, metavar="FILE", help="play a replay script of actions (see tinynet_tui/script.py); the app ends when it is done unless the script says `stay`")
    parser.add_argument("--headless", action="store_true", help="with --script: run without a terminal and write the screenshots")
    parser.add_argument("--screenshot-dir", type=name_text, metavar="DIR", default=".", help="where a script's screenshots, and those S saves, go (default: here)")
    parser.add_argument("--size", type=terminal_size, default=(100, 32), metavar="WxH", help="screen size for --headless (default 100x32)")
    parser.add_argument("--web", action="store_true", help="serve the app to a browser on localhost instead (textual-serve)")
    parser.add_argument("--port", type=bounded(int, 1, 65535), default=8000, help="port for --web (default 8000)")
    parser.add_argument("--fps", type=bounded(float, 1, 60), default=DEFAULT_FRAME_RATE, help=f"frames a second while training runs (1-60, default {DEFAULT_FRAME_RATE}; lower it over a slow link)")
    return parser


def package_version() -> str:
    """The installed tinynet-tui's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tinynet-tui")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def serve_in_browser(args: argparse.Namespace) -> None:
    """Serve the app over HTTP on localhost: each browser tab gets its own app process."""
    from textual_serve.server import Server

    # Each tab's app gets the options given here, --web and its port aside, and files by full path.
    command = [sys.executable, "-m", "tinynet_tui", *app_arguments(args.argv)]
    command += ["--load", str(Path(args.load).resolve())] if args.load else []
    print(f"tinynet-tui: serving on http://localhost:{args.port}/ (ctrl+c stops)", file=sys.stderr)
    # exec: the app replaces textual-serve's shell, so it is the server's own child and can
    # tell when the server is gone (it then ends, and its engine with it).
    Server("exec " + shlex.join(command), host=WEB_HOST, port=args.port, title="tinynet-tui").serve()


def app_arguments(argv: Sequence[str]) -> list[str]:
    """The command line without --web, --port N and --load FILE (the server passes those its own way)."""
    kept, skip = [], 0
    for arg in argv:
        if skip:
            skip -= 1
        elif arg == "--web":
            continue
        elif arg in ("--port", "--load"):
            skip = 1
        elif not arg.startswith(("--port=", "--load=")):
            kept.append(arg)
    return kept


def check_port_free(port: int) -> None:
    """A UsageError when --web could not listen on the port (taken, or not allowed)."""
    try:
        with socket.create_server((WEB_HOST, port)):
            pass
    except OSError as err:
        raise UsageError(f"cannot serve on port {port}: {err.strerror or err}; choose another with --port") from None


def terminal_size(text: str) -> tuple[int, int]:
    """'80x24' -> (80, 24)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like 80x24, got {text!r}") from None
    if width < 20 or height < 10:
        raise argparse.ArgumentTypeError(f"too small: {text}")
    if width > MAX_SCREEN_WIDTH or height > MAX_SCREEN_HEIGHT:
        raise argparse.ArgumentTypeError(f"too large: {text} (at most {MAX_SCREEN_WIDTH}x{MAX_SCREEN_HEIGHT})")
    return width, height


def parse_options(argv: Sequence[str] | None = None):
    """StartOptions and the parsed arguments; raises UsageError (or a ValueError) on bad input."""
    from .driver import StartOptions

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    if args.world is not None and args.preset == DEFAULT_PRESET and presets_in_world(args.world):
        # --world alone starts from that world's first preset, not TinyNet's shape on it.
        args.preset = next(iter(presets_in_world(args.world)))
    config = config_from_args(args)  # validates every option against the engine's own rules
    if args.device != "cpu":
        from tinynet_core.device import resolve_device

        resolve_device(args.device)
    if args.load:
        from tinynet_core.checkpoint import load_checkpoint
        from tinynet_core.published import resolve_model

        args.load = resolve_model(args.load)
        load_checkpoint(args.load)  # a bad file is refused here, in one line, before the UI starts
    if args.tour and args.load:
        raise UsageError("--tour sets up its own networks chapter by chapter; it does not take --load")
    if args.web and (args.script or args.headless):
        raise UsageError("--web serves the app to a browser; it does not take --script or --headless")
    if args.web:
        check_port_free(args.port)
    if args.headless and not args.script:
        raise UsageError("--headless needs --script (there is nobody to press keys)")
    args.actions = load_script(args.script) if args.script else None
    if args.headless and stays_open(args.actions):
        raise UsageError("--headless cannot play a script that says `stay`: nobody could ever end it")
    if args.script and not Path(args.screenshot_dir).is_dir():
        raise UsageError(f"screenshot folder {args.screenshot_dir} does not exist")
    return StartOptions(preset=args.preset, seed=args.seed, config=config.to_dict(), device=args.device, load=args.load), args


DEFAULT_PRESET = "discovery"


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the tinynet-tui console script."""
    try:
        options, args = parse_options(argv)
    except (UsageError, ValueError) as err:  # ConfigError, DeviceError, CheckpointError are ValueErrors
        print(f"tinynet-tui: error: {visible(err)}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    if args.web:
        serve_in_browser(args)
        return
    from .app import TinyNetApp

    app = TinyNetApp(
        options,
        frame_rate=args.fps,
        script=args.actions,
        screenshot_dir=Path(args.screenshot_dir),
        tour=args.tour,
    )
    if args.headless:
        app.run(headless=True, size=args.size)
    else:
        app.run()
    # Textual sets 1 after an unhandled exception (it has printed the traceback by now): a
    # crash must never look like success to a shell or a CI job.
    sys.exit(app.return_code or 0)


if __name__ == "__main__":
    main()

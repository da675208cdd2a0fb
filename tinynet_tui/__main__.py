"""`tinynet-tui` / `python -m tinynet_tui`: check the options, then run the app.

Options are checked before the UI starts so a bad one exits with status 2 and one line. Torch is
only imported here when an option needs it (--load, or a device other than cpu); otherwise the
app paints first and the engine loads behind it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tinynet_core.config import ConfigError, preset_config
from tinynet_core.options import OneLineParser, UsageError, add_config_arguments

EXIT_USAGE = 2


def build_parser() -> OneLineParser:
    """The tinynet-tui argument parser."""
    parser = OneLineParser(
        prog="tinynet-tui",
        description="Watch TinyNet (4 pixels -> 3 hidden -> 2 outputs) learn, one nudge at a time.",
        epilog="Inside the app press ? for help.",
    )
    add_config_arguments(parser, default_device="cpu")
    parser.add_argument("--load", metavar="FILE.safetensors", help="open a saved checkpoint instead of a new network")
    return parser


def parse_options(argv: Sequence[str] | None = None):
    """StartOptions from the command line; raises UsageError (or a ValueError) on bad input."""
    from .driver import StartOptions

    args = build_parser().parse_args(argv)
    config = preset_config(args.preset)
    if args.lr is not None:
        config.replace(lr=args.lr)  # validates against the same rules the engine uses
    if args.device != "cpu":
        from tinynet_core.device import resolve_device

        resolve_device(args.device)
    if args.load:
        from tinynet_core.checkpoint import load_checkpoint

        load_checkpoint(args.load)
    return StartOptions(preset=args.preset, seed=args.seed, lr=args.lr, device=args.device, load=args.load)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the tinynet-tui console script."""
    try:
        options = parse_options(argv)
    except (UsageError, ValueError) as err:  # ConfigError, DeviceError, CheckpointError are ValueErrors
        print(f"tinynet-tui: error: {err}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    from .app import TinyNetApp

    TinyNetApp(options).run()


if __name__ == "__main__":
    main()

"""The headless `tinynet` command: list presets, train, evaluate, sweep, draw a nudge's graph.

Parsing imports no torch, so `--help`, `--version` and a bad argument answer at once; the
commands themselves (commands.py) load torch when one runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from importlib import metadata

from .config import ENGINES
from .errors import InputError
from .limits import MAX_EPOCHS, MAX_GRAPH_NUDGE, MAX_SWEEP_SEEDS
from .options import (
    OneLineParser,
    add_config_arguments,
    add_lab_arguments,
    add_training_overrides,
    bounded,
    name_text,
    seed_int,
)
from .text import visible

# Exit statuses, as the README lists them. 70 is EX_SOFTWARE from sysexits.h: a bug in tinynet.
# 141 is what a shell reports for a program ended by SIGPIPE: the reader of our output left.
EXIT_OK, EXIT_DIVERGED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 70, 130, 141


def version() -> str:
    """The installed package's version."""
    try:
        return metadata.version("tinynet-tui")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> OneLineParser:
    """The `tinynet` argument parser."""
    parser = OneLineParser(prog="tinynet", description="Train and inspect TinyNet (4 pixels -> 3 hidden -> 2 outputs) and every network of the lab, headless.")
    parser.add_argument("--version", action="version", version=f"tinynet {version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser)

    commands.add_parser("presets", help="list the named presets, by the learning project each retells")
    commands.add_parser("worlds", help="list the worlds (data sets) the lab trains on")

    data = commands.add_parser("data", help="write a world's data as CSV: its inputs, its label or target, and each row's split")
    data.add_argument("--preset", type=name_text, default="discovery", metavar="NAME", help="take the world and its data settings from this preset")
    data.add_argument("--seed", dest="data_seed", type=bounded(int, 0, 2**32 - 1), help="the data seed (default 0)")
    add_lab_arguments(data)
    data.add_argument("--out", type=name_text, metavar="FILE.csv", help="write here instead of to standard output")
    data.add_argument("--overwrite-read-only", action="store_true", help="let --out replace a read-only file")

    train = commands.add_parser("train", help="train a network and report (or save) the result")
    add_config_arguments(train)
    add_training_overrides(train)
    train.add_argument("--engine", choices=ENGINES, default="torch", help="torch (autograd, any device) or hand (plain Python, CPU, much faster)")
    train.add_argument("--out", type=name_text, metavar="FILE.safetensors", help="save the trained network here")
    train.add_argument("--history", type=name_text, metavar="FILE.csv", help="write the loss per epoch here")
    train.add_argument("--weights", type=name_text, metavar="FILE.json", help="write the trained weights (and config) here as JSON")
    train.add_argument("--overwrite-read-only", action="store_true", help="let --out, --history and --weights replace read-only files")
    train.add_argument("--json", action="store_true", help="print one JSON object instead of tables")

    sweep = commands.add_parser("sweep", help="train one network per seed at once: which starts learn, and what they believe")
    sweep.add_argument("--preset", type=name_text, default="discovery", metavar="NAME", help="preset to train (see 'tinynet presets')")
    sweep.add_argument("--seeds", type=bounded(int, 1, MAX_SWEEP_SEEDS), default=100, help=f"seeds 0..N-1 (default 100, at most {MAX_SWEEP_SEEDS:,})")
    sweep.add_argument("--epochs", type=bounded(int, 1, MAX_EPOCHS), help="epochs to train (default: the preset's)")
    sweep.add_argument("--device", type=name_text, default="cpu", help="cpu, cuda, mps or auto (default cpu)")
    sweep.add_argument("--json", action="store_true", help="print the summary and the per-seed table as JSON")

    graph = commands.add_parser("graph", help="one nudge as a graph of scalar operations (a node per +, *, activation, loss step), as Graphviz DOT")
    graph.add_argument("--preset", type=name_text, default="discovery", metavar="NAME", help="preset to train (see 'tinynet presets')")
    graph.add_argument("--seed", type=seed_int, default=0, help="random seed for the initial weights (default 0)")
    graph.add_argument("--nudge", type=bounded(int, 1, MAX_GRAPH_NUDGE), default=1, metavar="K", help="draw the K-th nudge of the run (default 1, the first)")
    graph.add_argument("--to", type=name_text, metavar="PARAM", help="only the routes from the loss down to one parameter, e.g. layer1.weight[1,2]")
    graph.add_argument("--out", type=name_text, metavar="FILE.dot|FILE.svg", help="write here instead of DOT to standard output (.svg needs Graphviz's dot)")
    graph.add_argument("--overwrite-read-only", action="store_true", help="let --out replace a read-only file")

    evaluate = commands.add_parser("eval", help="verdicts on the training, fuzzy, stress and all-16 sets")
    evaluate.add_argument("file", nargs="?", type=name_text, metavar="FILE|NAME", help="a .safetensors checkpoint (or a plain state_dict file), or a published model's name (or give --preset)")
    add_config_arguments(evaluate)
    add_training_overrides(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of tables")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tinynet` console script; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        from .commands import run

        status = run(args)
        sys.stdout.flush()  # here, where a closed pipe can still be handled, not at exit
        return status
    except BrokenPipeError:  # `tinynet presets | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush is quiet
        return EXIT_BROKEN_PIPE
    except InputError as err:  # a bad argument, file or value: one line
        print(f"tinynet: error: {visible(err)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tinynet: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # a bug in tinynet: one line, the traceback kept in a log, never status 0
        print(f"tinynet: internal error: {type(err).__name__}: {visible(err)} ({_crash_log()})", file=sys.stderr)
        return EXIT_INTERNAL


def _crash_log() -> str:
    """Write the current exception's traceback to a log file; say where it went."""
    try:
        with tempfile.NamedTemporaryFile("w", prefix="tinynet-crash-", suffix=".log", delete=False) as log:
            traceback.print_exc(file=log)
        return f"traceback in {log.name}"
    except OSError:
        return "no log could be written"


def main_exit() -> None:
    """Console-script wrapper: exit with main()'s status."""
    sys.exit(main())


if __name__ == "__main__":
    main_exit()

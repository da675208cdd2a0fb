"""Command-line options shared by `tinynet` and `tinynet-tui`; imports no torch, so it is quick."""

from __future__ import annotations

import argparse
import math

from .errors import InputError
from .limits import MAX_EPOCHS, MAX_SEED
from .config import ACTIVATIONS, DEVICE_CHOICES, HEADS, LOSSES, LOSSES_FOR_HEAD, OPTIMIZERS, TrainConfig, preset_config


class UsageError(InputError):
    """A bad argument or file: reported in one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line instead of a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def positive_float(text: str) -> float:
    """A finite number above zero."""
    value = _number(text)
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text!r}")
    return value


def non_negative_float(text: str) -> float:
    """A finite number of zero or more."""
    value = _number(text)
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number of 0 or more, got {text!r}")
    return value


def finite_float(text: str) -> float:
    """Any finite number."""
    value = _number(text)
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def seed_int(text: str) -> int:
    """A whole number from 0 to MAX_SEED (2**63 - 1, what torch.manual_seed accepts)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be from 0 to 2**63-1, got {value}")
    return value


def name_text(text: str) -> str:
    """A name or path: not empty, not only spaces, no NUL (an empty one must never mean a default)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    if "\0" in text:
        raise argparse.ArgumentTypeError("must not hold a NUL character")
    return text


def bounded(kind: type, low: float, high: float):
    """An argparse type: a number of `kind` from `low` to `high`."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a {'whole ' if kind is int else ''}number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {text}")
        return value

    return parse


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None


def add_config_arguments(parser: argparse.ArgumentParser, default_device: str = "cpu") -> None:
    """Options that pick a preset and override its fields (shared with the TUI)."""
    parser.add_argument("--preset", type=name_text, default="discovery", metavar="NAME", help="preset to start from (see 'tinynet presets')")
    parser.add_argument("--seed", type=seed_int, default=0, help="random seed for the initial weights (default 0)")
    parser.add_argument("--lr", type=positive_float, help="learning rate")
    parser.add_argument("--device", type=name_text, default=default_device, help=f"where to train: {', '.join(DEVICE_CHOICES)} or cuda:N (default {default_device}; auto = cuda, then mps, then cpu)")


def widths(text: str) -> tuple[int, ...]:
    """Hidden layer widths, e.g. "8,8"; "none" for no hidden layer."""
    if text.strip().lower() == "none":
        return ()
    try:
        values = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be widths like 8 or 8,8 (or none), got {text!r}") from None
    return values


def names(text: str) -> tuple[str, ...]:
    """A comma-separated list of names, e.g. "x1,x2,x1x2"."""
    values = tuple(part.strip() for part in text.split(","))
    if not all(values):
        raise argparse.ArgumentTypeError(f"must be names separated by commas, got {text!r}")
    return values


def share(text: str) -> float:
    """A number from 0 to 1."""
    value = _number(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, got {text!r}")
    return value


def add_lab_arguments(parser: argparse.ArgumentParser) -> None:
    """Options that pick a world and shape its data (shared by train, eval and data)."""
    parser.add_argument("--world", type=name_text, metavar="NAME", help="the data set (see 'tinynet worlds'; default: the preset's)")
    parser.add_argument("--data", type=name_text, metavar="FILE.csv", help="your own table, for --world csv (numeric columns, a header row)")
    parser.add_argument("--target", type=name_text, metavar="COLUMN", help="the csv column to predict (default: the last)")
    parser.add_argument("--data-seed", type=bounded(int, 0, 2**32 - 1), help="which data the world makes, and its split (default 0)")
    parser.add_argument("--val-split", type=share, help="share held out for validation (default 0.2)")
    parser.add_argument("--label-noise", type=share, help="share of training labels flipped (default: the world's)")
    parser.add_argument("--data-noise", type=non_negative_float, help="the world's own noise as it makes the data (plane worlds: the Playground's 0-0.5)")
    parser.add_argument("--features", type=names, metavar="F1,F2", help="plane worlds' inputs: x1,x2,x1sq,x2sq,x1x2,sin1,sin2")


def add_training_overrides(parser: argparse.ArgumentParser) -> None:
    """Options that override single fields of the preset's config."""
    add_lab_arguments(parser)
    parser.add_argument("--hidden", type=widths, metavar="W[,W…]", help="hidden layer widths, e.g. 8 or 8,8 (none: no hidden layer)")
    parser.add_argument("--head", choices=HEADS, help="sigmoid (yes/no answers), softmax (classes) or linear (a number)")
    parser.add_argument("--batch-size", type=bounded(int, 1, 100_000), help="examples a nudge learns from (default: the preset's)")
    parser.add_argument("--l1", type=non_negative_float, help="L1 penalty: adds l1·sign(w) to each gradient")
    parser.add_argument("--epochs", type=bounded(int, 1, MAX_EPOCHS), help=f"epochs to train (default: the preset's; at most {MAX_EPOCHS:,})")
    parser.add_argument("--optimizer", choices=OPTIMIZERS)
    parser.add_argument("--momentum", type=non_negative_float, help="SGD momentum, below 1")
    parser.add_argument("--activation", choices=ACTIVATIONS, help="hidden-layer activation")
    parser.add_argument("--weight-decay", type=non_negative_float)
    parser.add_argument("--noise", type=non_negative_float, help="std of the Gaussian input noise")
    parser.add_argument("--loss", choices=LOSSES)
    parser.add_argument("--hidden-bias", type=finite_float, help="every hidden bias starts at this value (default: PyTorch's random init)")
    parser.add_argument("--ambiguous", action=argparse.BooleanOptionalAction, default=None, help="also train on ambiguous patterns with target 50/50")


# Config fields an option sets directly, under the option's own name.
OVERRIDES = (
    "lr", "epochs", "optimizer", "momentum", "activation", "weight_decay", "noise", "loss", "ambiguous", "hidden_bias",
    "data", "target", "data_seed", "val_split", "label_noise", "data_noise", "features", "hidden", "head", "batch_size", "l1",
)


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset's config with every option the user gave applied on top.

    A --world other than the preset's starts from that world's natural head and loss; a
    --head without a --loss takes the head's natural loss.
    """
    config = preset_config(args.preset)
    overrides = {field: getattr(args, field, None) for field in OVERRIDES}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    world = getattr(args, "world", None)
    if world is not None and world != config.world:
        config = world_defaults(world, overrides.get("data"), overrides.get("target"))
    if "head" in overrides and "loss" not in overrides and config.loss not in LOSSES_FOR_HEAD[overrides["head"]]:
        overrides["loss"] = natural_loss(overrides["head"])
    return config.replace(**overrides)


def world_defaults(world: str, data: str | None = None, target: str | None = None) -> TrainConfig:
    """TinyNet's defaults on another world, with the head its task asks for first and that head's loss."""
    from .worlds import DEFAULT_WORLD, world_named

    if world == DEFAULT_WORLD:
        return TrainConfig()
    head = world_named(world, data, target).heads[0]  # reads a csv world's file to know its task
    return TrainConfig(world=world, data=data, target=target, head=head, loss=natural_loss(head))


def natural_loss(head: str) -> str:
    """BCE for yes/no sigmoids, cross-entropy for softmax, MSE for a number."""
    return {"sigmoid": "bce", "softmax": "ce", "linear": "mse"}[head]

"""Command-line options shared by `tinynet` and `tinynet-tui`; imports no torch, so it is quick."""

from __future__ import annotations

import argparse
import math

from .errors import InputError
from .limits import MAX_EPOCHS, MAX_SEED
from .config import ACTIVATIONS, DEVICE_CHOICES, LOSSES, OPTIMIZERS, TrainConfig, preset_config


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


def add_training_overrides(parser: argparse.ArgumentParser) -> None:
    """Options that override single fields of the preset's config."""
    parser.add_argument("--epochs", type=bounded(int, 1, MAX_EPOCHS), help=f"epochs to train (default: the preset's; at most {MAX_EPOCHS:,})")
    parser.add_argument("--optimizer", choices=OPTIMIZERS)
    parser.add_argument("--momentum", type=non_negative_float, help="SGD momentum, below 1")
    parser.add_argument("--activation", choices=ACTIVATIONS, help="hidden-layer activation")
    parser.add_argument("--weight-decay", type=non_negative_float)
    parser.add_argument("--noise", type=non_negative_float, help="std of the Gaussian input noise")
    parser.add_argument("--loss", choices=LOSSES)
    parser.add_argument("--hidden-bias", type=finite_float, help="every hidden bias starts at this value (default: PyTorch's random init)")
    parser.add_argument("--ambiguous", action=argparse.BooleanOptionalAction, default=None, help="also train on ambiguous patterns with target 50/50")


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset's config with every option the user gave applied on top."""
    config = preset_config(args.preset)
    overrides = {
        field: getattr(args, field, None)
        for field in ("lr", "epochs", "optimizer", "momentum", "activation", "weight_decay", "noise", "loss", "ambiguous", "hidden_bias")
    }
    return config.replace(**{k: v for k, v in overrides.items() if v is not None})

"""What each `tinynet` command does (imports torch; cli.py loads this only once a command runs)."""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys

import torch
from rich.markup import escape

from .cli import EXIT_DIVERGED, EXIT_OK
from .checkpoint import load_checkpoint, save_checkpoint, trainer_from_checkpoint
from .config import PRESETS, TrainConfig, preset_config
from .evaluation import judge_all
from .export import loss_history_csv, weights_json, write_text
from .options import config_from_args
from .published import resolve_model
from .safe_io import check_writable
from .text import visible
from .trainer import Trainer
from .world import LABEL_AMBIGUOUS, STRESS_PATTERNS

# Runs expected to take longer than this many nudges get a progress bar (on a terminal only).
PROGRESS_MIN_NUDGES = 2000


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; returns its exit status."""
    torch.set_num_threads(1)  # TinyNet's tensors are tiny: intra-op threads only add overhead
    return {"presets": _cmd_presets, "train": _cmd_train, "eval": _cmd_eval, "sweep": _cmd_sweep}[args.command](args)


def _cmd_presets(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, show_header=False, padding=(0, 2, 1, 0))
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("what it shows")
    for preset in PRESETS.values():
        table.add_row(preset.name, f"{preset.summary}\n[dim]{describe_config(preset.config)}[/]")
    Console().print(table)
    return EXIT_OK


def describe_config(c: TrainConfig) -> str:
    """The settings of a config in one short line, e.g. 'relu · sgd lr 0.1 momentum 0.9 · mse'."""
    optimizer = f"{c.optimizer} lr {c.lr:g}" + (f" momentum {c.momentum:g}" if c.optimizer == "sgd" and c.momentum else "")
    parts = [c.activation, optimizer, c.loss, f"{c.epochs} epochs"]
    parts += [f"weight decay {c.weight_decay:g}"] if c.weight_decay else []
    parts += [f"noise {c.noise:g}"] if c.noise else []
    parts += ["+ ambiguous examples"] if c.ambiguous else []
    return " · ".join(parts)


def _run_epochs(trainer: Trainer, epochs: int, show_progress: bool) -> int | None:
    """Train whole epochs; returns the epoch (counting from 1) where the loss went non-finite, if any."""
    long_run = epochs * trainer.samples_per_epoch >= PROGRESS_MIN_NUDGES
    progress = _progress() if show_progress and long_run else None
    with progress or contextlib.nullcontext():
        task = progress.add_task("training", total=epochs) if progress else None
        for _ in range(epochs):
            summary = trainer.epoch()
            if progress:
                progress.update(task, advance=1, description=f"loss {summary.mean_loss:.4f}")
            if trainer.diverged:
                return summary.epoch + 1
    return None


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True)


def _cmd_train(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    for output in (args.out, args.history, args.weights):
        if output is not None:
            check_writable(output, args.overwrite_read_only)  # refuse before training, not after
    trainer = Trainer(config, args.seed, device=args.device, engine=args.engine)
    initial = trainer.parameters()
    diverged_at = _run_epochs(trainer, config.epochs, show_progress=sys.stdout.isatty() and not args.json)
    force = args.overwrite_read_only
    if args.history:
        write_text(args.history, loss_history_csv(trainer.loss_history, trainer.history_start + 1), force)
    if diverged_at is not None:
        print(
            f"tinynet: the loss became NaN or infinite at epoch {diverged_at} (lr {config.lr:g}); "
            "try a smaller --lr",
            file=sys.stderr,
        )
        return EXIT_DIVERGED
    if args.out:
        save_checkpoint(trainer, args.out, force)
    if args.weights:
        write_text(args.weights, weights_json(trainer), force)
    if args.json:
        print(json.dumps(_train_json(config, args.seed, initial, trainer)))
    else:
        _print_train_summary(args, trainer)
    return EXIT_OK


def _train_json(config: TrainConfig, seed: int, initial: dict, trainer: Trainer) -> dict[str, object]:
    return {
        "config": config.to_dict(),
        "seed": seed,
        "device": str(trainer.device),
        "loss_history": list(trainer.loss_history),
        "final_loss": trainer.loss_history[-1],
        "initial_parameters": {name: t.tolist() for name, t in initial.items()},
        "parameters": {name: t.tolist() for name, t in trainer.parameters().items()},
    }


def _print_train_summary(args: argparse.Namespace, trainer: Trainer) -> None:
    from rich.console import Console

    console = Console()
    history = trainer.loss_history
    console.print(
        f"[bold]{args.preset}[/] seed {trainer.seed} on {trainer.device}: {len(history)} epochs, "
        f"loss {history[0]:.4f} -> [bold]{history[-1]:.4f}[/]"
    )
    _print_sets(console, judge_all(trainer), ("training", "stress"))
    if args.out:
        console.print(f"saved to {escape(visible(args.out))}")


def _cmd_eval(args: argparse.Namespace) -> int:
    if args.file is not None:
        checkpoint = load_checkpoint(resolve_model(args.file), activation=args.activation)
        if checkpoint.assumed:
            print(f"tinynet: note: {checkpoint.assumed} (--activation sets another)", file=sys.stderr)
        elif args.activation:
            print(f"tinynet: note: --activation is ignored: the checkpoint holds its own config ({checkpoint.config.activation})", file=sys.stderr)
        trainer = trainer_from_checkpoint(checkpoint, device=args.device)
        source = resolve_model(args.file)
    else:
        config = config_from_args(args)
        trainer = Trainer(config, args.seed, device=args.device)
        diverged_at = _run_epochs(trainer, config.epochs, show_progress=sys.stdout.isatty() and not args.json)
        if diverged_at is not None:
            print(f"tinynet: the loss became NaN or infinite at epoch {diverged_at}; nothing to evaluate", file=sys.stderr)
            return EXIT_DIVERGED
        source = f"preset {args.preset}, seed {args.seed}, {config.epochs} epochs"
    sets = judge_all(trainer)
    if args.json:
        print(json.dumps({"source": source, "sets": {name: [_judgement_json(j) for j in rows] for name, rows in sets.items()}}))
        return EXIT_OK
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{escape(visible(source))}[/]")
    _print_sets(console, sets, tuple(sets))
    return EXIT_OK


def sweep_summary(results) -> dict[str, object]:
    """Share solved, loss quantiles, and how each stress pattern's verdicts split."""
    losses = [r.final_loss for r in results if not r.diverged]
    split = {
        pattern.name: {answer: sum(r.stress[i] == answer for r in results) for answer in ("horizontal", "vertical", "unsure")}
        for i, pattern in enumerate(STRESS_PATTERNS)
    }
    return {
        "seeds": len(results),
        "solved": sum(r.solved for r in results),
        "solved_share": sum(r.solved for r in results) / len(results),
        "diverged": sum(r.diverged for r in results),
        "final_loss_quantiles": loss_quantiles(losses),
        "stress_verdicts": split,
    }


def loss_quantiles(losses: list[float]) -> dict[str, float | None]:
    """min, q25, median, q75 and max, as the statistics module computes them (None for no losses)."""
    if not losses:
        return dict.fromkeys(("min", "q25", "median", "q75", "max"))
    # "inclusive" treats the losses as the whole population; its middle cut is the median.
    q25, median, q75 = statistics.quantiles(losses, n=4, method="inclusive") if len(losses) > 1 else losses * 3
    return {"min": min(losses), "q25": q25, "median": median, "q75": q75, "max": max(losses)}


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .batched import BatchedTrainer

    config = preset_config(args.preset)
    if args.epochs:
        config = config.replace(epochs=args.epochs)
    trainer = BatchedTrainer(config, range(args.seeds), device=args.device)
    progress = _progress() if sys.stdout.isatty() and not args.json else None
    with progress or contextlib.nullcontext():
        task = progress.add_task(f"{args.seeds} networks", total=config.epochs) if progress else None
        trainer.train(config.epochs, on_epoch=lambda done: progress.update(task, completed=done) if progress else None)
    results = trainer.results()
    summary = sweep_summary(results)
    if args.json:
        table = [{"seed": r.seed, "final_loss": r.final_loss, "solved": r.solved, "diverged": r.diverged, "stress": list(r.stress), "all16": list(r.all16)} for r in results]
        print(json.dumps({"preset": args.preset, "config": config.to_dict(), "summary": summary, "per_seed": table}))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    console = Console()
    q = summary["final_loss_quantiles"]
    console.print(
        f"[bold]{args.preset}[/], seeds 0-{args.seeds - 1}, {config.epochs} epochs on {trainer.device}: "
        f"[bold]{summary['solved']}/{args.seeds}[/] solved ({summary['solved_share']:.0%}), {summary['diverged']} diverged"
    )
    if q["median"] is not None:
        console.print("final loss: " + "  ".join(f"{name} {value:.4f}" for name, value in q.items()))
    table = Table(title="stress set verdicts (a sensible net is unsure on all four)", title_justify="left")
    for column in ("pattern", "horizontal", "vertical", "unsure"):
        table.add_column(column, justify="left" if column == "pattern" else "right")
    for name, counts in summary["stress_verdicts"].items():
        table.add_row(name, *(str(counts[a]) for a in ("horizontal", "vertical", "unsure")))
    console.print(table)
    return EXIT_OK


def _judgement_json(j) -> dict[str, object]:
    return {
        "name": j.pattern.name,
        "pixels": list(j.pattern.pixels),
        "label": j.pattern.label,
        "horizontal": j.verdict.horizontal,
        "vertical": j.verdict.vertical,
        "winner": j.verdict.winner,
        "sensible": j.sensible,
    }


def _print_sets(console, sets: dict, names: tuple[str, ...]) -> None:
    from rich.table import Table

    for name in names:
        table = Table(title=f"{name} ({sum(j.sensible for j in sets[name])}/{len(sets[name])} sensible)", title_justify="left")
        for column in ("pattern", "pixels", "H", "V", "answer", "sensible answer", ""):
            table.add_column(column, justify="right" if column in ("H", "V") else "left")
        for j in sets[name]:
            want = "unsure" if j.pattern.label == LABEL_AMBIGUOUS else j.pattern.label
            table.add_row(
                j.pattern.name,
                " ".join(f"{p:.2g}" for p in j.pattern.pixels),
                f"{j.verdict.horizontal:.0%}",
                f"{j.verdict.vertical:.0%}",
                j.verdict.winner,
                want,
                "[green]ok[/]" if j.sensible else "[red]no[/]",
            )
        console.print(table)



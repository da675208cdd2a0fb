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
from .config import PRESETS, PROJECTS, TrainConfig, describe, preset_config
from .export import dataset_csv
from .metrics import diagnose
from .worlds import DEFAULT_WORLD, world_named
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


def console_out():
    """A rich Console on stdout whose closed pipe raises BrokenPipeError (rich's own answer is exit 1)."""
    from rich.console import Console

    class PipeAwareConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return PipeAwareConsole()


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; returns its exit status."""
    torch.set_num_threads(1)  # TinyNet's tensors are tiny: intra-op threads only add overhead
    commands = {"presets": _cmd_presets, "worlds": _cmd_worlds, "data": _cmd_data, "train": _cmd_train, "eval": _cmd_eval, "sweep": _cmd_sweep, "graph": _cmd_graph}
    return commands[args.command](args)


def _cmd_presets(args: argparse.Namespace) -> int:
    from rich.table import Table

    console = console_out()
    for project in PROJECTS:
        table = Table(box=None, show_header=False, padding=(0, 2, 1, 0), title=f"[bold]{project}[/]", title_justify="left")
        table.add_column("name", style="bold", no_wrap=True)
        table.add_column("what it shows")
        for preset in (p for p in PRESETS.values() if p.project == project):
            table.add_row(preset.name, f"{preset.summary}\n[dim]{describe(preset.config)}[/]")
        console.print(table)
    return EXIT_OK


def _cmd_worlds(args: argparse.Namespace) -> int:
    from rich.table import Table

    from .worlds import WORLDS

    table = Table(box=None, show_header=False, padding=(0, 2, 1, 0), title="[bold]worlds[/] (--world NAME; your own table: --world csv --data FILE.csv)", title_justify="left")
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("what it is")
    for world in WORLDS.values():
        data = world.make(0)
        answers = ", ".join(world.output_names) if len(world.output_names) <= 3 else f"{len(world.output_names)} classes"
        facts = f"{world.kind}, {world.task}: {len(data.feature_names)} inputs → {answers}; {len(data.inputs)} examples"
        table.add_row(world.name, f"{world.summary}\n[dim]{escape(facts)}. Source: {escape(world.source)}[/]")
    console_out().print(table)
    return EXIT_OK


def _cmd_data(args: argparse.Namespace) -> int:
    from .trainer import data_options

    config = config_from_args(args)
    world = world_named(config.world, config.data, config.target)
    data = world.make(config.data_seed, data_options(config))
    text = dataset_csv(data, world.task)
    if args.out:
        write_text(args.out, text, args.overwrite_read_only)
        print(f"wrote {len(data.inputs)} rows of {escape(visible(world.name))} to {visible(args.out)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


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
        "sizes": list(trainer.sizes),
        "loss_history": list(trainer.loss_history),
        "final_loss": trainer.loss_history[-1],
        **_metrics_json(trainer),
        "initial_parameters": {name: t.tolist() for name, t in initial.items()},
        "parameters": {name: t.tolist() for name, t in trainer.parameters().items()},
    }


def _metrics_json(trainer: Trainer) -> dict[str, object]:
    """Validation history, scores and the curves' reading: what every world reports."""
    scores = trainer.score_history
    return {
        "metric": "r2" if trainer.world.task == "regression" else "accuracy",
        "val_loss_history": _finite_or_none(trainer.val_loss_history),
        "train_score_history": _finite_or_none([t for t, _ in scores]),
        "val_score_history": _finite_or_none([v for _, v in scores]),
        "fit": diagnose(trainer.loss_history, trainer.val_loss_history, trainer.history_start + 1).kind,
    }


def _finite_dict(values: dict[str, float]) -> dict[str, float | None]:
    return dict(zip(values, _finite_or_none(list(values.values()))))


def _finite_or_none(values: list[float]) -> list[float | None]:
    # JSON has no NaN: a world with nothing held out reports null.
    return [v if v == v else None for v in values]


def lab_summary(trainer: Trainer) -> list[str]:
    """What any network is and does now, in a few lines: its shape, its losses and scores, the fit."""
    from .nets import parameter_count

    now = trainer.measure()
    metric = (lambda v: f"R² {v:.3f}") if trainer.world.task == "regression" else (lambda v: f"{v:.1%} right")
    shape = " → ".join(str(n) for n in trainer.sizes)
    held = int(trainer.data.validation.sum())
    lines = [
        f"{trainer.world.name}: {shape} ({parameter_count(trainer.sizes)} parameters), {trainer.config.head} head, {trainer.config.loss} loss",
        f"training set ({len(trainer.data.train_index)} examples): loss {now.train_loss:.4g}, {metric(now.train_score)}",
    ]
    if held:
        lines.append(f"validation set ({held} held out): loss {now.val_loss:.4g}, {metric(now.val_score)}")
    if trainer.val_loss_history:
        lines.append(diagnose(trainer.loss_history, trainer.val_loss_history, trainer.history_start + 1).sentence)
    return lines


def _print_train_summary(args: argparse.Namespace, trainer: Trainer) -> None:
    console = console_out()
    history = trainer.loss_history
    recipe = args.preset if getattr(args, "world", None) in (None, trainer.config.world) and args.preset in PRESETS else "your settings"
    if getattr(args, "world", None) not in (None, PRESETS[args.preset].config.world):
        recipe = f"--world {args.world}"
    console.print(
        f"[bold]{escape(visible(recipe))}[/] seed {trainer.seed} on {trainer.device}: {len(history)} epochs, "
        f"loss {history[0]:.4f} -> [bold]{history[-1]:.4f}[/]"
    )
    if trainer.config.world == DEFAULT_WORLD:
        _print_sets(console, judge_all(trainer), ("training", "stress"))
    for line in lab_summary(trainer):
        console.print(escape(visible(line)))
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
    if trainer.config.world != DEFAULT_WORLD:
        return _eval_lab(args, trainer, source)
    sets = judge_all(trainer)
    if args.json:
        print(json.dumps({"source": source, "sets": {name: [_judgement_json(j) for j in rows] for name, rows in sets.items()}}))
        return EXIT_OK
    console = console_out()
    console.print(f"[bold]{escape(visible(source))}[/]")
    _print_sets(console, sets, tuple(sets))
    return EXIT_OK


def _eval_lab(args: argparse.Namespace, trainer: Trainer, source: str) -> int:
    """Loss and score on the training and held-out examples, for a network of any world."""
    if args.json:
        now = trainer.measure()
        measured = {"train_loss": now.train_loss, "val_loss": now.val_loss, "train_score": now.train_score, "val_score": now.val_score}
        print(json.dumps({"source": source, "sizes": list(trainer.sizes), **_finite_dict(measured), **_metrics_json(trainer)}))
        return EXIT_OK
    console = console_out()
    console.print(f"[bold]{escape(visible(source))}[/]")
    for line in lab_summary(trainer):
        console.print(escape(visible(line)))
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
    from .lottery import Lottery

    config = preset_config(args.preset)
    if args.epochs:
        config = config.replace(epochs=args.epochs)
    lottery = Lottery(config, range(args.seeds), device=args.device)
    progress = _progress() if sys.stdout.isatty() and not args.json else None
    with progress or contextlib.nullcontext():
        task = progress.add_task(f"{args.seeds} networks", total=config.epochs) if progress else None
        lottery.train(config.epochs, on_epoch=lambda done: progress.update(task, completed=done) if progress else None)
    if config.world != DEFAULT_WORLD:
        return _print_lab_sweep(args, config, lottery)
    results = lottery.tinynet_results()
    summary = sweep_summary(results)
    if args.json:
        table = [{"seed": r.seed, "final_loss": r.final_loss, "solved": r.solved, "diverged": r.diverged, "stress": list(r.stress), "all16": list(r.all16)} for r in results]
        print(json.dumps({"preset": args.preset, "config": config.to_dict(), "summary": summary, "per_seed": table}))
        return EXIT_OK
    from rich.table import Table

    console = console_out()
    q = summary["final_loss_quantiles"]
    console.print(
        f"[bold]{args.preset}[/], seeds 0-{args.seeds - 1}, {config.epochs} epochs on {lottery.device}: "
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


def _print_lab_sweep(args: argparse.Namespace, config: TrainConfig, lottery) -> int:
    """The lottery on any world: how the final loss and the scores spread over the seeds."""
    results = lottery.results()
    kept = [r for r in results if not r.diverged]
    summary = {
        "seeds": len(results),
        "diverged": len(results) - len(kept),
        "metric": "r2" if lottery.world.task == "regression" else "accuracy",
        "final_loss_quantiles": loss_quantiles([r.final_loss for r in kept]),
        "train_score_quantiles": loss_quantiles([r.train_score for r in kept]),
        "val_score_quantiles": loss_quantiles([r.val_score for r in kept if r.val_score == r.val_score]),
    }
    if args.json:
        table = [{"seed": r.seed, "final_loss": r.final_loss, "train_score": r.train_score, "val_score": r.val_score, "diverged": r.diverged} for r in results]
        print(json.dumps({"preset": args.preset, "config": config.to_dict(), "summary": summary, "per_seed": _finite_rows(table)}))
        return EXIT_OK
    console = console_out()
    console.print(
        f"[bold]{escape(args.preset)}[/] on {config.world}, seeds 0-{args.seeds - 1}, {config.epochs} epochs on {lottery.device}: "
        f"{summary['diverged']} diverged"
    )
    for label, key in (("final loss", "final_loss_quantiles"), (f"train {summary['metric']}", "train_score_quantiles"), (f"validation {summary['metric']}", "val_score_quantiles")):
        q = summary[key]
        if q["median"] is not None:
            console.print(f"{label}: " + "  ".join(f"{name} {value:.4f}" for name, value in q.items()))
    return EXIT_OK


def _cmd_graph(args: argparse.Namespace) -> int:
    from .graph_dot import require_dot, svg_from_dot, to_dot
    from .limits import MAX_GRAPH_NODES
    from .safe_io import write_atomic
    from .scalar_graph import GraphError, graph_of_nudge, node_count, parameter_names
    from .trainer import config_sizes

    config = preset_config(args.preset)
    svg = args.out is not None and args.out.lower().endswith(".svg")
    if args.out:
        check_writable(args.out, args.overwrite_read_only)  # refuse before training, not after
    if svg:
        require_dot()
    sizes = config_sizes(config)
    if args.to is not None and args.to not in parameter_names(sizes):
        raise GraphError(f"{' → '.join(map(str, sizes))} has no parameter {visible(args.to)!r}; names look like layer1.weight[0,1] or layer1.bias[0]")
    nodes = node_count(sizes, config.activation, config.head, config.loss, config.batch_size)
    if args.to is None and nodes > MAX_GRAPH_NODES:
        raise GraphError(f"a nudge of {args.preset} ({config.batch_size} examples) has {nodes:,} nodes, more than the {MAX_GRAPH_NODES:,} a picture can hold; draw one route with --to layer1.weight[0,0]")
    trainer = Trainer(config, args.seed)
    trainer.advance(args.nudge - 1)
    if trainer.diverged:
        print(f"tinynet: the loss became NaN or infinite before nudge {args.nudge}; nothing to draw", file=sys.stderr)
        return EXIT_DIVERGED
    graph = graph_of_nudge(trainer.nudge(), config)
    only = None if args.to is None else graph.route_nodes(graph.loss.id, graph.params[args.to])
    if only is not None and len(only) > MAX_GRAPH_NODES:
        raise GraphError(f"even the routes to {args.to} have {len(only):,} nodes ({args.preset} takes {config.batch_size} examples a nudge), more than the {MAX_GRAPH_NODES:,} a picture can hold")
    title = f"{args.preset}, seed {args.seed}, nudge {args.nudge}: loss {graph.loss.value:.6g}" + (f", routes to {args.to}" if args.to else "")
    text = to_dot(graph, title, only)
    shown = len(graph.nodes) if only is None else len(only)
    if not args.out:
        sys.stdout.write(text)
        return EXIT_OK
    write_atomic(args.out, svg_from_dot(text) if svg else text.encode("utf-8"), args.overwrite_read_only)
    print(f"wrote nudge {args.nudge} of {escape(visible(args.preset))} (seed {args.seed}), {shown:,} nodes, to {visible(args.out)}", file=sys.stderr)
    return EXIT_OK


def _finite_rows(rows: list[dict]) -> list[dict]:
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()} for row in rows]


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



"""The Trainer: owns one network, its data and its optimizer, and nudges it one batch at a time.

Any world and any MLP of the lab; with the defaults it is TinyNet, nudged one pattern at a time
exactly as the runbook's plain loop does it.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from collections.abc import Sequence

import torch
from torch.nn import functional as F

from .config import ENGINES, NEEDS_RESET, ConfigError, TrainConfig
from .device import resolve_device
from .errors import InputError
from .hand_engine import HandEngine
from .handmath import OptimizerState
from .limits import MAX_LOSS_HISTORY
from .metrics import score
from .nets import HEADS_FN, LOSS_FUNCTIONS, MLP, apply_head, parameter_shapes, seeded_mlp, training_loss
from .records import EpochSummary, Nudge, ParamLayout
from .trainer_state import SHARED_ATTRIBUTES, TrainerState
from .worlds import DataOptions, Dataset, World, world_named



# Past MAX_LOSS_HISTORY epochs the oldest tenth of the histories is dropped at once: memory stays
# bounded in an endless run, and trimming costs nothing per epoch on average.
HISTORY_TRIM = MAX_LOSS_HISTORY // 10
# Epoch-end snapshots evaluated together on the held-out set (see Trainer._evaluate_pending).
EVAL_BATCH = 256


@dataclass(frozen=True)
class Measurement:
    """A network measured on its data: losses, and accuracy (or R² for a number), on both sets."""

    train_loss: float
    val_loss: float  # NaN where nothing is held out
    train_score: float
    val_score: float


def make_optimizer(config: TrainConfig, params: list[torch.nn.Parameter]) -> torch.optim.Optimizer:
    """The optimizer a config names, over the given parameters (PyTorch's defaults otherwise)."""
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)
    if config.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    if config.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay)
    return torch.optim.SGD(params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay)


def data_options(config: TrainConfig) -> DataOptions:
    """How the config asks its world to make the data."""
    return DataOptions(
        val_split=config.val_split,
        label_noise=config.label_noise,
        input_noise=config.data_noise,
        features=config.features,
        ambiguous=config.ambiguous,
    )


def network_sizes(config: TrainConfig, world: World, data: Dataset) -> tuple[int, ...]:
    """Inputs (the data's features), the hidden widths, and the outputs the head needs."""
    return (data.inputs.shape[1], *config.hidden, world.outputs_for(config.head))


def config_sizes(config: TrainConfig) -> tuple[int, ...]:
    """The network sizes a config builds (its world makes its data to count the features)."""
    world = world_named(config.world, config.data, config.target)
    return network_sizes(config, world, world.make(config.data_seed, data_options(config)))


def targets_for_head(task: str, head: str, targets: torch.Tensor) -> torch.Tensor:
    """Targets as the loss takes them: class indices for softmax, 0/1 for one sigmoid, else floats."""
    if task == "classes" and head != "softmax":
        return targets.to(torch.float32).reshape(-1, 1)
    return targets


def hand_engine_covers(config: TrainConfig) -> str | None:
    """None if the hand engine can train this config, else why not (one line)."""
    if not config.is_tinynet or config.head != "sigmoid" or config.loss not in ("mse", "bce"):
        return "the hand engine covers TinyNet's 4 → h → 2 network on the 2×2 world, one pattern a nudge"
    if config.optimizer not in ("sgd", "adam") or config.l1:
        return "the hand engine covers SGD and Adam, without L1"
    return None


def _until(history: list, later: int) -> list:
    """A copy of a per-epoch history without its last `later` epochs (empty if later < 0: those epochs are unknown)."""
    return list(history[: max(0, len(history) - later)]) if later >= 0 else []


class Trainer:
    """Trains one network by per-batch updates over its training set, in a fixed order."""

    def __init__(self, config: TrainConfig | None = None, seed: int = 0, device: str = "cpu", engine: str = "torch") -> None:
        if engine not in ENGINES:
            raise ConfigError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
        self.device = resolve_device(device)
        if engine == "hand" and self.device.type != "cpu":
            raise ConfigError("the hand engine runs on the CPU; use device cpu (or the torch engine)")
        self.engine = engine
        self.reset(seed, config or TrainConfig())

    def _check_engine(self, config: TrainConfig) -> None:
        why_not = hand_engine_covers(config) if self.engine == "hand" else None
        if why_not:
            raise ConfigError(f"{why_not}; use --engine torch for this network")

    # -- lifecycle -------------------------------------------------------------------------

    def reset(self, seed: int | None = None, config: TrainConfig | None = None) -> None:
        """A new network from the seed (the same one if not given); history and counters cleared."""
        config = config or self.config
        self._check_engine(config)
        self.world = world_named(config.world, config.data, config.target)
        self.data = self.world.make(config.data_seed, data_options(config))
        self.seed = self.seed if seed is None else int(seed)
        self.config = config
        self.sizes = network_sizes(config, self.world, self.data)
        # Initialise on the CPU so a seed gives the same weights on every device.
        self.model: MLP = seeded_mlp(self.seed, self.sizes, config.activation, config.head, config.loss, config.hidden_bias)
        self.model.to(self.device)
        self._flatten_parameters()
        self.optimizer = make_optimizer(self.config, list(self.model.parameters()))
        # Noise draws come from their own generator so they never disturb the weight init recipe.
        self._noise_rng = torch.Generator().manual_seed(self.seed)
        self.nudges = 0
        self.epochs_done = 0
        self.sample_index = 0
        self.loss_history: list[float] = []
        self.movement_history: list[float] = []  # how far all the weights moved in each epoch (L2 norm)
        self._val_loss_history: list[float] = []  # see the val_loss_history property
        self._score_history: list[tuple[float, float]] = []
        # Epoch-end weights not yet evaluated: evaluation runs for many epochs in one vmapped pass
        # (when read, or every EVAL_BATCH epochs), so a 4-nudge TinyNet epoch does not pay for it.
        self._pending_eval: list[torch.Tensor] = []
        self._epoch_losses: list[float] = []
        self.diverged = False  # set once a loss or weight is NaN or infinite; reset() clears it
        self._last_after: torch.Tensor | None = None  # the last record's weights, reused as the next "before"
        self._hand = HandEngine(self._flat.tolist(), self.config) if self.engine == "hand" else None
        self._hand_dirty = False  # the hand engine holds newer weights than self._flat
        self._load_training_set()

    def configure(self, **changes: object) -> TrainConfig:
        """Change hyperparameters live; they take effect at the next nudge, without a reset.

        Learning rate, momentum, weight decay, L1, optimizer, activation, loss, batch size and
        noise apply at once; `ambiguous` applies from the next epoch. Changing the network's
        shape or its data (config.NEEDS_RESET) needs reset().
        """
        config = self.config.replace(**changes)
        blocked = [name for name in NEEDS_RESET if getattr(config, name) != getattr(self.config, name)]
        if blocked:
            raise ConfigError(f"changing {', '.join(blocked)} needs a reset")
        self._check_engine(config)
        if config.optimizer != self.config.optimizer:
            self.optimizer = make_optimizer(config, list(self.model.parameters()))
        for group in self.optimizer.param_groups:
            group["lr"] = config.lr
            group["weight_decay"] = config.weight_decay
            if "momentum" in group:  # SGD and RMSprop
                group["momentum"] = config.momentum
        self.model.activation = config.activation
        if self._hand is not None:
            self._hand.configure(config)
        self.config = config
        return config

    # -- training --------------------------------------------------------------------------

    def nudge(self) -> Nudge:
        """One optimizer step on the next sample; returns what it did."""
        return self._step(record=True)

    def advance(self, count: int) -> None:
        """`count` nudges without records (the fast path), stopping early if the net diverges."""
        for _ in range(count):
            if self.diverged:
                return
            self._step(record=False)

    def nudge_many(self, count: int) -> Nudge:
        """`count` nudges, recording only the last: for callers that show one frame per batch."""
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        self.advance(count - 1)
        return self._step(record=True)

    def epoch(self) -> EpochSummary:
        """Nudge through the rest of the current epoch and summarise it."""
        self._sync_from_hand()
        start = torch.as_tensor(self._epoch_start) if self.sample_index else self._cpu_copy(self._flat)
        while True:
            self._step(record=False)
            if self.sample_index == 0:
                break
        self._sync_from_hand()
        moved = self.layout.split(self._flat.cpu() - start)
        layers = [f"layer{i}" for i in range(1, len(self.sizes))]
        movement = {
            layer: math.sqrt(sum(float(t.pow(2).sum()) for n, t in moved.items() if n.startswith(layer + ".")))
            for layer in layers
        }
        movement["total"] = math.sqrt(sum(movement[layer] ** 2 for layer in layers))
        train_score, val_score = self.score_history[-1]  # reading the history evaluates this epoch
        return EpochSummary(self.epochs_done - 1, self.loss_history[-1], movement, self.val_loss_history[-1], train_score, val_score)

    def train(self, epochs: int) -> list[EpochSummary]:
        """Run whole epochs, stopping early once the network diverges."""
        summaries = []
        for _ in range(epochs):
            summaries.append(self.epoch())
            if self.diverged:
                break
        return summaries

    def _step(self, record: bool) -> Nudge | None:
        index = self.sample_index
        if index == 0:
            self._begin_epoch()
        count = min(self.config.batch_size, len(self._names) - index)
        # One example keeps the runbook's shapes ([4] in, [2] out); a batch is [B, features].
        rows = index if count == 1 else slice(index, index + count)
        x = self._inputs[rows]
        if self.config.noise > 0 and self._unit_noise is None:
            self._unit_noise = torch.randn(self._clean_inputs.shape, generator=self._noise_rng)
            self._unit_noise_lists = self._unit_noise.tolist() if self._hand is not None else None
        target = self._targets[rows]
        if self._hand is not None:
            return self._hand_step(index, target, record)
        if self.config.noise > 0:
            x = x + self.config.noise * self._unit_noise[rows].to(self.device)
            if self.world.kind == "pixels":  # a pixel is never brighter than 1 or darker than 0
                x = x.clamp_(0.0, 1.0)
        before = None
        if record:
            before = self._last_after if self._last_after is not None else self._cpu_copy(self._flat)
        # Fixed order, as in the plain recipe: forward -> loss -> backward -> step -> zero grads.
        logits = self.model.logits(x)  # the MLP registers no hooks; skipping __call__ saves ~2 us a nudge
        output = HEADS_FN[self.config.head](logits)
        loss = training_loss(self.config.loss, logits, output, target)
        loss.backward(self._one)  # a kept seed gradient of 1.0: same result, no allocation per nudge
        grad = self._cpu_copy(self._flat_grad) if record else None
        if self.config.l1:  # the L1 penalty's gradient, l1·sign(w), joins the step like weight decay
            self._flat_grad.add_(self._flat.detach().sign(), alpha=self.config.l1)
        self.optimizer.step()
        self._flat_grad.zero_()
        loss_value = loss.item()
        self._count_nudge(index, loss_value, count)
        if not record:
            self._last_after = None
            return None
        after = self._last_after = self._cpu_copy(self._flat)
        # Inputs and targets never require grad and are never written to: no copies needed.
        return self._record(index, x.cpu(), target.cpu(), output.detach().cpu(), loss_value, before, after, grad, count)

    def _record(self, index, x, target, output, loss_value, before, after, grad, count=1) -> Nudge:
        """The record of the nudge just taken on the batch starting at `index` (all tensors on the CPU)."""
        # A batch is named by its size and first example: its rows are shuffled, not a range.
        name = self._names[index] if count == 1 else f"a batch of {count} ({self._names[index]} first)"
        return Nudge(
            step=self.nudges,
            epoch=self.epochs_done - (1 if self.sample_index == 0 else 0),
            sample_index=index,
            sample_name=name,
            input=x,
            target=target,
            output=output,
            loss=loss_value,
            lr=self.config.lr,
            layout=self.layout,
            before=before,
            after=after,
            grad=grad,
            batch_size=count,
        )

    def _count_nudge(self, index: int, loss_value: float, count: int = 1) -> None:
        if not math.isfinite(loss_value):
            self.diverged = True
        self.nudges += 1
        self._epoch_losses.append(loss_value)
        self.sample_index = index + count
        if self.sample_index == len(self._names):
            self._end_epoch()

    def _hand_step(self, index: int, target: torch.Tensor, record: bool) -> Nudge | None:
        """One nudge by the hand engine; tensors are made only when a record is asked for."""
        hand = self._hand
        x_list = self._input_lists[index]
        if self.config.noise > 0:
            # The same seeded draws as the torch engine, applied in Python floats.
            std, unit = self.config.noise, self._unit_noise_lists[index]
            x_list = [min(1.0, max(0.0, xi + std * ni)) for xi, ni in zip(x_list, unit)]
        t_list = self._target_lists[index]
        before = None
        if record:
            before = self._last_after if self._last_after is not None else torch.tensor(hand.params)
        out_h, out_v, loss_value = hand.step(x_list, t_list)
        self._hand_dirty = True
        self._count_nudge(index, loss_value)
        if not record:
            self._last_after = None
            return None
        after = self._last_after = torch.tensor(hand.params)
        output = torch.tensor([out_h, out_v])
        return self._record(index, torch.tensor(x_list), target, output, loss_value, before, after, torch.tensor(hand.grads))

    def _sync_from_hand(self) -> None:
        """Copy the hand engine's weights into the flat tensor before anything reads it."""
        if self._hand_dirty:
            with torch.no_grad():
                self._flat.copy_(torch.tensor(self._hand.params, dtype=self._flat.dtype))
            self._hand_dirty = False

    def _begin_epoch(self) -> None:
        if self._loaded_ambiguous != self.config.ambiguous:
            self._load_training_set()
        if not self._names:  # an empty plane the user has not yet drawn on
            raise InputError("there are no training examples to learn from; add some first")
        self._unit_noise = None
        self._mark_epoch_start()

    def _mark_epoch_start(self) -> None:
        """Remember the weights as the epoch starts, for its movement figure."""
        if self._hand is not None:
            self._epoch_start = list(self._hand.params)  # plain floats: no tensor work per epoch
        else:
            self._epoch_start = self._cpu_copy(self._flat)

    def _end_epoch(self) -> None:
        if self._hand is not None:
            movement = math.dist(self._hand.params, self._epoch_start)
        else:
            movement = float(torch.dist(self._flat.cpu(), self._epoch_start))
        # Weights can overflow while saturated outputs keep the loss finite; a NaN or infinite
        # weight makes the movement non-finite too, so this one number also checks the weights.
        self.diverged = self.diverged or not math.isfinite(movement)
        self.loss_history.append(sum(self._epoch_losses) / len(self._epoch_losses))
        self.movement_history.append(movement)
        self._pending_eval.append(self._cpu_copy(self._flat) if self._hand is None else torch.tensor(self._hand.params))
        if len(self._pending_eval) >= EVAL_BATCH:
            self._evaluate_pending()
        if len(self.loss_history) > MAX_LOSS_HISTORY:
            del self.loss_history[:HISTORY_TRIM]
        if len(self.movement_history) > MAX_LOSS_HISTORY:
            del self.movement_history[:HISTORY_TRIM]
        self._epoch_losses = []
        self.epochs_done += 1
        self.sample_index = 0

    def _load_training_set(self) -> None:
        self._loaded_ambiguous = self.config.ambiguous
        if self.config.ambiguous != self.data.ambiguous:  # the 2×2 world's extra patterns, from the next epoch
            self.data = self.world.make(self.config.data_seed, data_options(self.config))
        inputs, targets = self.data.train
        rows = self.data.train_index.tolist()
        names = self.data.example_names
        self._names = tuple(names[r] if names else f"example {r}" for r in rows)
        self._clean_inputs = inputs
        self._inputs = inputs.to(self.device)
        self._targets = targets_for_head(self.world.task, self.config.head, targets).to(self.device)
        held_x, held_y = self.data.held_out
        self._held_inputs, self._held_targets = held_x.to(self.device), targets_for_head(self.world.task, self.config.head, held_y).to(self.device)
        if self._hand is not None:
            self._input_lists = inputs.tolist()
            self._target_lists = self._targets.tolist()
        self._unit_noise = None
        self._mark_epoch_start()

    @property
    def val_loss_history(self) -> list[float]:
        """Mean loss on the held-out examples after each epoch (NaN where nothing is held out)."""
        self._evaluate_pending()
        return self._val_loss_history

    @property
    def score_history(self) -> list[tuple[float, float]]:
        """(training, held-out) accuracy after each epoch, or R² for a number (tinynet_core.metrics)."""
        self._evaluate_pending()
        return self._score_history

    @torch.no_grad()
    def _evaluate_pending(self) -> None:
        """Loss and score for every epoch-end snapshot not yet evaluated, in one batched pass."""
        if not self._pending_eval:
            return
        measured = self._measure(torch.stack(self._pending_eval))
        self._pending_eval = []
        self._val_loss_history.extend(m.val_loss for m in measured)
        self._score_history.extend((m.train_score, m.val_score) for m in measured)
        for history in (self._val_loss_history, self._score_history):
            if len(history) > MAX_LOSS_HISTORY:
                del history[:HISTORY_TRIM]

    @torch.no_grad()
    def measure(self) -> Measurement:
        """The network as it is now, on its whole training set and its held-out examples."""
        self._sync_from_hand()
        return self._measure(self._flat.detach()[None])[0]

    def _measure(self, flats: torch.Tensor) -> list[Measurement]:
        """Losses and scores for a stack of flat weight vectors [E, P], by vmap over one forward."""
        stacked = self.layout.split(flats.to(self.device))

        def run(params, x):
            logits = torch.func.functional_call(self.model, params, (x,), {"logits": True})
            return logits, apply_head(self.config.head, logits)

        def losses(logits, outputs, targets):
            loss = lambda z, o: training_loss(self.config.loss, z, o, targets)  # noqa: E731
            return torch.func.vmap(loss)(logits, outputs).tolist()

        stack_run = torch.func.vmap(run, in_dims=(0, None))
        train_logits, train_out = stack_run(stacked, self._inputs)
        train_losses = losses(train_logits, train_out, self._targets)
        train_scores = score(self.world.task, self.config.head, train_out, self._targets)
        if len(self._held_inputs):
            held_logits, held = stack_run(stacked, self._held_inputs)
            val_losses = losses(held_logits, held, self._held_targets)
            val_scores = score(self.world.task, self.config.head, held, self._held_targets)
        else:
            val_losses = val_scores = [math.nan] * len(flats)
        return [Measurement(*row) for row in zip(train_losses, val_losses, train_scores, val_scores)]

    def _cpu_copy(self, flat: torch.Tensor) -> torch.Tensor:
        """A copy on the CPU of one of the flat buffers (which never require grad): one copy, not two."""
        return flat.clone() if self._on_cpu else flat.cpu()

    def _flatten_parameters(self) -> None:
        """Make every parameter (and its gradient) a view into one flat vector.

        A whole-network snapshot is then one copy, which keeps nudge records cheap.
        """
        self._on_cpu = self.device.type == "cpu"
        self.layout = ParamLayout.from_shapes(parameter_shapes(self.sizes))
        self._flat = torch.empty(self.layout.size, device=self.device)
        self._flat_grad = torch.zeros(self.layout.size, device=self.device)
        self._one = torch.ones((), device=self.device)
        values, grads = self.layout.split(self._flat), self.layout.split(self._flat_grad)
        for name, param in self.model.named_parameters():
            values[name].copy_(param.detach())
            param.data = values[name]
            param.grad = grads[name]

    # -- moments of a run (tinynet_core.history replays from them) ------------------------

    def snapshot(self) -> TrainerState:
        """Everything the next nudges depend on, copied (the data shared: it is never written in place)."""
        if self._hand is not None:
            params, optimizer = torch.tensor(self._hand.params, dtype=torch.float64), copy.deepcopy(self._hand.state)
        else:
            params, optimizer = self._cpu_copy(self._flat), copy.deepcopy(self.optimizer.state_dict())
        shared = {name: getattr(self, name, None) for name in SHARED_ATTRIBUTES}
        return TrainerState(self.engine, self.config, params, optimizer, self.nudges, self.epochs_done, self.sample_index,
                            self.diverged, self._noise_rng.get_state(), tuple(self._epoch_losses), shared)

    def restore(self, state: TrainerState, past: Trainer | None = None) -> None:
        """Go to a snapshot's moment; the epoch histories become `past`'s (default: this trainer's) up to it.

        The trainer must have the snapshot's network and engine (the same world, sizes and seed).
        """
        other = [name for name in NEEDS_RESET if getattr(state.config, name) != getattr(self.config, name)]
        if state.engine != self.engine or other:
            raise ValueError(f"a snapshot of another network or engine ({', '.join(other) or state.engine}) cannot restore this trainer")
        past = past or self
        past._evaluate_pending()
        later = past.epochs_done - state.epochs_done  # epochs the past run went on to (negative: unknown ones)
        self.loss_history, self.movement_history = _until(past.loss_history, later), _until(past.movement_history, later)
        self._val_loss_history, self._score_history = _until(past._val_loss_history, later), _until(past._score_history, later)
        self._pending_eval = []
        for name, value in state.shared.items():
            setattr(self, name, value)
        self.config = state.config
        self.model.activation = state.config.activation
        with torch.no_grad():
            self._flat.copy_(state.params.to(self._flat.dtype))
        self.optimizer = make_optimizer(state.config, list(self.model.parameters()))
        if self._hand is not None:
            self._hand = HandEngine(state.params.tolist(), state.config, copy.deepcopy(state.optimizer))
            self._hand_dirty = False
        else:
            # Deep-copied: load_state_dict keeps the given tensors, and the next step updates them in place.
            self.optimizer.load_state_dict(copy.deepcopy(state.optimizer))
        self._noise_rng.set_state(state.noise_rng)
        self.nudges, self.epochs_done, self.sample_index = state.nudges, state.epochs_done, state.sample_index
        self.diverged = state.diverged
        self._epoch_losses = list(state.epoch_losses)
        self._last_after = None

    def live_parameters(self) -> torch.Tensor | list[float]:
        """The weights as the engine holds them, not copied: read them at once and never write (for recorders)."""
        return self._hand.params if self._hand is not None else self._flat

    def replace_data(self, data: Dataset) -> None:
        """Learn from other examples of the same world (the user's own, say) from the next epoch on."""
        self.data = data
        self._loaded_ambiguous = None  # _begin_epoch then loads the new training set

    # -- reading the network ---------------------------------------------------------------

    @property
    def epoch_losses(self) -> list[float]:
        """Per-sample losses so far in the current, unfinished epoch."""
        return list(self._epoch_losses)

    @property
    def history_start(self) -> int:
        """Epochs done before the first one in loss_history (0 unless a long run dropped the oldest)."""
        return max(0, self.epochs_done - len(self.loss_history))

    @property
    def samples_per_epoch(self) -> int:
        """How many training examples one epoch visits (one nudge each at batch size 1)."""
        return len(self._names)

    @property
    def nudges_per_epoch(self) -> int:
        """How many nudges make one epoch: one per batch."""
        return -(-len(self._names) // self.config.batch_size)

    def parameters(self) -> dict[str, torch.Tensor]:
        """A CPU copy of every parameter, by name."""
        self._sync_from_hand()
        return self.layout.split(self._flat.detach().cpu().clone())

    def load_parameters(self, tensors: dict[str, torch.Tensor]) -> None:
        """Overwrite the weights in place (shapes must match); optimizer state starts afresh."""
        values = self.layout.split(self._flat)
        with torch.no_grad():
            for name in self.layout.names:
                values[name].copy_(tensors[name].to(self._flat.dtype))
        self.optimizer = make_optimizer(self.config, list(self.model.parameters()))
        self._last_after = None
        if self._hand is not None:
            self._hand = HandEngine(self._flat.tolist(), self.config)
            self._hand_dirty = False
        self._mark_epoch_start()

    def flat_parameters(self) -> torch.Tensor:
        """A CPU copy of all the weights as one vector, in layout order."""
        self._sync_from_hand()
        return self._flat.detach().cpu().clone()

    def optimizer_state(self) -> OptimizerState:
        """The optimizer's memory (momentum buffers, or Adam's moments and step) as flat lists.

        Taken before a nudge, it lets tinynet_core.handmath redo that nudge's update by hand.
        """
        if self._hand is not None:
            return copy.deepcopy(self._hand.state)
        per_param = [self.optimizer.state.get(p, {}) for p in self.model.parameters()]
        state = OptimizerState()

        def flat(key: str) -> list[float]:
            return [v for s in per_param for v in s[key].flatten().tolist()]

        if self.config.optimizer in ("adam", "adamw") and all("exp_avg" in s for s in per_param):
            state.steps = int(per_param[0]["step"])
            state.m, state.v = flat("exp_avg"), flat("exp_avg_sq")
        elif self.config.optimizer == "rmsprop" and all("square_avg" in s for s in per_param):
            state.steps = int(per_param[0]["step"])
            state.square_avg = flat("square_avg")
            if all("momentum_buffer" in s for s in per_param):
                state.momentum = flat("momentum_buffer")
        elif all(s.get("momentum_buffer") is not None for s in per_param):
            state.momentum = flat("momentum_buffer")
        return state

    def is_finite(self) -> bool:
        """False once any weight has become NaN or infinite."""
        self._sync_from_hand()
        return bool(torch.isfinite(self._flat).all())

    @torch.no_grad()
    def predict(self, x: Sequence[float] | Sequence[Sequence[float]] | torch.Tensor) -> torch.Tensor:
        """The net's answer for one input [features] or a batch [N, features], on the CPU.

        For TinyNet that is [horizontal, vertical] for 4 pixels.
        """
        self._sync_from_hand()
        inputs = torch.as_tensor(x, dtype=torch.float32)
        if inputs.shape[-1:] != (self.sizes[0],):
            raise ValueError(f"an input needs {self.sizes[0]} values, got shape {tuple(inputs.shape)}")
        return self.model(inputs.to(self.device)).cpu()

    @torch.no_grad()
    def hidden_activations(self, x: Sequence[float] | torch.Tensor) -> torch.Tensor:
        """What the first hidden layer's units output for an input, on the CPU (empty without one)."""
        self._sync_from_hand()
        outputs = self.model.layer_outputs(torch.as_tensor(x, dtype=torch.float32).to(self.device))
        return outputs[0].cpu() if outputs else torch.zeros(0)

    @torch.no_grad()
    def layer_outputs(self, x: Sequence[float] | torch.Tensor) -> list[torch.Tensor]:
        """What every hidden layer outputs for an input, first to last, on the CPU."""
        self._sync_from_hand()
        return [t.cpu() for t in self.model.layer_outputs(torch.as_tensor(x, dtype=torch.float32).to(self.device))]


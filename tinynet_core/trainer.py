"""The Trainer: owns one TinyNet and its optimizer, and nudges it one sample at a time."""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

import torch
from torch.nn import functional as F

from .config import ENGINES, ConfigError, TrainConfig
from .device import resolve_device
from .hand_engine import HandEngine
from .limits import MAX_LOSS_HISTORY
from .handmath import OptimizerState
from .model import TinyNet, parameter_shapes, seeded_model
from .records import EpochSummary, Nudge, ParamLayout
from .world import as_tensors, training_set



def binary_cross_entropy(output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean BCE with each log clamped at -100, as PyTorch's does.

    Written out because F.binary_cross_entropy raises on a NaN output; a diverged network must
    instead give a NaN loss, which the trainer reports.
    """
    log_o = torch.log(output).clamp(min=-100)
    log_not_o = torch.log(1 - output).clamp(min=-100)
    return -(target * log_o + (1 - target) * log_not_o).mean()


LOSS_FUNCTIONS = {"mse": F.mse_loss, "bce": binary_cross_entropy}

# Fields whose change needs a fresh network; every other field applies at the next nudge.
_NEEDS_RESET = ("hidden", "hidden_bias")
# Past MAX_LOSS_HISTORY epochs the oldest tenth of the histories is dropped at once: memory stays
# bounded in an endless run, and trimming costs nothing per epoch on average.
HISTORY_TRIM = MAX_LOSS_HISTORY // 10


def make_optimizer(config: TrainConfig, params: list[torch.nn.Parameter]) -> torch.optim.Optimizer:
    """The optimizer a config names, over the given parameters."""
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)
    return torch.optim.SGD(params, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay)


class Trainer:
    """Trains one TinyNet by per-sample updates over the training set, in order."""

    def __init__(self, config: TrainConfig | None = None, seed: int = 0, device: str = "cpu", engine: str = "torch") -> None:
        if engine not in ENGINES:
            raise ConfigError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
        self.device = resolve_device(device)
        if engine == "hand" and self.device.type != "cpu":
            raise ConfigError("the hand engine runs on the CPU; use device cpu (or the torch engine)")
        self.engine = engine
        self.reset(seed, config or TrainConfig())

    # -- lifecycle -------------------------------------------------------------------------

    def reset(self, seed: int | None = None, config: TrainConfig | None = None) -> None:
        """A new network from the seed (the same one if not given); history and counters cleared."""
        self.seed = self.seed if seed is None else int(seed)
        self.config = config or self.config
        # Initialise on the CPU so a seed gives the same weights on every device.
        self.model: TinyNet = seeded_model(self.seed, self.config.hidden, self.config.activation, self.config.hidden_bias)
        self.model.to(self.device)
        self._flatten_parameters()
        self.optimizer = make_optimizer(self.config, list(self.model.parameters()))
        self._loss_fn = LOSS_FUNCTIONS[self.config.loss]
        # Noise draws come from their own generator so they never disturb the weight init recipe.
        self._noise_rng = torch.Generator().manual_seed(self.seed)
        self.nudges = 0
        self.epochs_done = 0
        self.sample_index = 0
        self.loss_history: list[float] = []
        self.movement_history: list[float] = []  # how far all the weights moved in each epoch (L2 norm)
        self._epoch_losses: list[float] = []
        self.diverged = False  # set once a loss or weight is NaN or infinite; reset() clears it
        self._last_after: torch.Tensor | None = None  # the last record's weights, reused as the next "before"
        self._hand = HandEngine(self._flat.tolist(), self.config) if self.engine == "hand" else None
        self._hand_dirty = False  # the hand engine holds newer weights than self._flat
        self._load_training_set()

    def configure(self, **changes: object) -> TrainConfig:
        """Change hyperparameters live; they take effect at the next nudge, without a reset.

        Learning rate, momentum, weight decay, optimizer, activation, loss and noise apply at once;
        `ambiguous` applies from the next epoch. Changing the hidden size needs reset().
        """
        config = self.config.replace(**changes)
        blocked = [name for name in _NEEDS_RESET if getattr(config, name) != getattr(self.config, name)]
        if blocked:
            raise ConfigError(f"changing {', '.join(blocked)} needs a reset")
        if config.optimizer != self.config.optimizer:
            self.optimizer = make_optimizer(config, list(self.model.parameters()))
        for group in self.optimizer.param_groups:
            group["lr"] = config.lr
            group["weight_decay"] = config.weight_decay
            if "momentum" in group:
                group["momentum"] = config.momentum
        self.model.activation = config.activation
        self._loss_fn = LOSS_FUNCTIONS[config.loss]
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
        movement = {
            layer: math.sqrt(sum(float(t.pow(2).sum()) for n, t in moved.items() if n.startswith(layer + ".")))
            for layer in ("layer1", "layer2")
        }
        movement["total"] = math.hypot(movement["layer1"], movement["layer2"])
        return EpochSummary(self.epochs_done - 1, self.loss_history[-1], movement)

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
        x = self._inputs[index]
        if self.config.noise > 0 and self._unit_noise is None:
            self._unit_noise = torch.randn(self._clean_inputs.shape, generator=self._noise_rng)
            self._unit_noise_lists = self._unit_noise.tolist()
        target = self._targets[index]
        if self._hand is not None:
            return self._hand_step(index, target, record)
        if self.config.noise > 0:
            x = (x + self.config.noise * self._unit_noise[index].to(self.device)).clamp_(0.0, 1.0)
        before = None
        if record:
            before = self._last_after if self._last_after is not None else self._cpu_copy(self._flat)
        # Fixed order, as in the plain recipe: forward -> loss -> backward -> step -> zero grads.
        output = self.model.forward(x)  # TinyNet registers no hooks; skipping __call__ saves ~2 us a nudge
        loss = self._loss_fn(output, target)
        loss.backward(self._one)  # a kept seed gradient of 1.0: same result, no allocation per nudge
        grad = self._cpu_copy(self._flat_grad) if record else None
        self.optimizer.step()
        self._flat_grad.zero_()
        loss_value = loss.item()
        self._count_nudge(index, loss_value)
        if not record:
            self._last_after = None
            return None
        after = self._last_after = self._cpu_copy(self._flat)
        # Inputs and targets never require grad and are never written to: no copies needed.
        return self._record(index, x.cpu(), target.cpu(), output.detach().cpu(), loss_value, before, after, grad)

    def _record(self, index, x, target, output, loss_value, before, after, grad) -> Nudge:
        """The record of the nudge just taken on sample `index` (all tensors on the CPU)."""
        return Nudge(
            step=self.nudges,
            epoch=self.epochs_done - (1 if self.sample_index == 0 else 0),
            sample_index=index,
            sample_name=self._names[index],
            input=x,
            target=target,
            output=output,
            loss=loss_value,
            lr=self.config.lr,
            layout=self.layout,
            before=before,
            after=after,
            grad=grad,
        )

    def _count_nudge(self, index: int, loss_value: float) -> None:
        if not math.isfinite(loss_value):
            self.diverged = True
        self.nudges += 1
        self._epoch_losses.append(loss_value)
        self.sample_index = index + 1
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
        if len(self.loss_history) > MAX_LOSS_HISTORY:
            del self.loss_history[:HISTORY_TRIM]
        if len(self.movement_history) > MAX_LOSS_HISTORY:
            del self.movement_history[:HISTORY_TRIM]
        self._epoch_losses = []
        self.epochs_done += 1
        self.sample_index = 0

    def _load_training_set(self) -> None:
        self._loaded_ambiguous = self.config.ambiguous
        patterns = training_set(self.config.ambiguous)
        inputs, targets = as_tensors(patterns)
        self._names = tuple(p.name for p in patterns)
        self._input_lists = [list(p.pixels) for p in patterns]
        self._target_lists = [list(p.target) for p in patterns]
        self._clean_inputs = inputs
        self._inputs = inputs.to(self.device)
        self._targets = targets.to(self.device)
        self._unit_noise = None
        self._mark_epoch_start()

    def _cpu_copy(self, flat: torch.Tensor) -> torch.Tensor:
        """A copy on the CPU of one of the flat buffers (which never require grad): one copy, not two."""
        return flat.clone() if self._on_cpu else flat.cpu()

    def _flatten_parameters(self) -> None:
        """Make every parameter (and its gradient) a view into one flat vector.

        A whole-network snapshot is then one copy, which keeps nudge records cheap.
        """
        self._on_cpu = self.device.type == "cpu"
        self.layout = ParamLayout.from_shapes(parameter_shapes(self.config.hidden))
        self._flat = torch.empty(self.layout.size, device=self.device)
        self._flat_grad = torch.zeros(self.layout.size, device=self.device)
        self._one = torch.ones((), device=self.device)
        values, grads = self.layout.split(self._flat), self.layout.split(self._flat_grad)
        for name, param in self.model.named_parameters():
            values[name].copy_(param.detach())
            param.data = values[name]
            param.grad = grads[name]

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
        """How many nudges make one epoch."""
        return len(self._names)

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

        if self.config.optimizer == "adam" and all("exp_avg" in s for s in per_param):
            state.steps = int(per_param[0]["step"])
            state.m, state.v = flat("exp_avg"), flat("exp_avg_sq")
        elif all(s.get("momentum_buffer") is not None for s in per_param):
            state.momentum = flat("momentum_buffer")
        return state

    def is_finite(self) -> bool:
        """False once any weight has become NaN or infinite."""
        self._sync_from_hand()
        return bool(torch.isfinite(self._flat).all())

    @torch.no_grad()
    def predict(self, x: Sequence[float] | Sequence[Sequence[float]] | torch.Tensor) -> torch.Tensor:
        """The net's [horizontal, vertical] answer for one input [4] or a batch [N, 4], on the CPU."""
        self._sync_from_hand()
        inputs = torch.as_tensor(x, dtype=torch.float32)
        if inputs.shape[-1:] != (4,):
            raise ValueError(f"an input needs 4 pixel values, got shape {tuple(inputs.shape)}")
        return self.model(inputs.to(self.device)).cpu()

    @torch.no_grad()
    def hidden_activations(self, x: Sequence[float] | torch.Tensor) -> torch.Tensor:
        """What the hidden nodes output for an input, on the CPU."""
        self._sync_from_hand()
        return self.model.hidden_activations(torch.as_tensor(x, dtype=torch.float32).to(self.device)).cpu()


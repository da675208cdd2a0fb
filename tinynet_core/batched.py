"""The initialisation lottery: N independent TinyNets (one per seed, one config) trained at once.

Every parameter gets a leading model axis ([N, 3, 4], ...), and each step is a handful of batched
tensor operations over all N nets, with no Python loop over models. Summing the per-model losses
gives each model exactly its own gradient, and SGD and Adam act element by element, so each net
follows the same per-sample updates as Trainer would give it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from .config import ConfigError, TrainConfig
from .device import resolve_device
from .model import HIDDEN_ACTIVATIONS, seeded_model
from .seed_results import SeedResult
from .trainer import make_optimizer
from .world import ALL_BW_PATTERNS, STRESS_PATTERNS, TRAINING_PATTERNS, UNSURE_MARGIN, as_tensors, training_set


def _bce(output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Per-element BCE with logs clamped at -100 (as the trainer's)."""
    return -(target * torch.log(output).clamp(min=-100) + (1 - target) * torch.log(1 - output).clamp(min=-100))


class SeedsInLockstep:
    """What every lottery shares: its seeds, its per-epoch losses, and whole-epoch training.

    A subclass sets `seeds`, appends each epoch's [N] mean losses to `_epoch_losses`, counts
    `epochs_done`, and defines `epoch()`.
    """

    seeds: list[int]
    _epoch_losses: list[torch.Tensor]  # one [N] tensor an epoch: stacking anew each epoch would cost O(epochs · N)
    epochs_done: int

    @property
    def size(self) -> int:
        """How many networks train together."""
        return len(self.seeds)

    @property
    def loss_history(self) -> torch.Tensor:
        """[epochs, N]: each network's mean loss in each epoch."""
        return torch.stack(self._epoch_losses) if self._epoch_losses else torch.zeros(0, self.size)

    def final_losses(self) -> torch.Tensor:
        """[N]: the last epoch's mean loss of each network (NaN before any epoch)."""
        return self._epoch_losses[-1] if self._epoch_losses else torch.full((self.size,), math.nan)

    def epoch(self) -> torch.Tensor:
        """One epoch for every network; returns its mean loss [N]."""
        raise NotImplementedError

    def train(self, epochs: int, on_epoch=None) -> None:
        """Run whole epochs; `on_epoch(done)` is called after each (for progress bars)."""
        for _ in range(epochs):
            self.epoch()
            if on_epoch:
                on_epoch(self.epochs_done)


class BatchedTrainer(SeedsInLockstep):
    """Trains one network per seed, all with the same config, in lockstep."""

    def __init__(self, config: TrainConfig, seeds: Sequence[int], device: str = "cpu") -> None:
        if not config.is_tinynet or config.head != "sigmoid" or config.optimizer not in ("sgd", "adam") or config.l1:
            raise ConfigError("the lottery covers TinyNet for now: the 2×2 world, one hidden layer, SGD or Adam, one pattern a nudge")
        self.config = config
        self.seeds = [int(s) for s in seeds]
        self.device = resolve_device(device)
        # The plain recipe's initialisation, seed by seed (a loop at start-up only), on the CPU.
        models = [seeded_model(seed, config.hidden[0], config.activation, config.hidden_bias) for seed in self.seeds]
        stack = lambda name: torch.stack([dict(m.named_parameters())[name].detach() for m in models])  # noqa: E731
        self.params = {
            name: stack(name).to(self.device).requires_grad_(True)
            for name in ("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias")
        }
        self.optimizer = make_optimizer(config, list(self.params.values()))
        self._act = HIDDEN_ACTIVATIONS[config.activation]
        patterns = training_set(config.ambiguous)
        inputs, targets = as_tensors(patterns)
        self._inputs, self._targets = inputs.to(self.device), targets.to(self.device)
        # Each seed's noise comes from its own generator, as in Trainer, so the numbers match.
        self._noise_rngs = [torch.Generator().manual_seed(seed) for seed in self.seeds] if config.noise else []
        self._epoch_losses = []
        self.epochs_done = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Outputs [N, 2] for one input [4] (shared) or [N, 4] (one per model)."""
        p = self.params
        equation = "nji,ni->nj" if x.dim() == 2 else "nji,i->nj"
        h = self._act(torch.einsum(equation, p["layer1.weight"], x) + p["layer1.bias"])
        return torch.sigmoid(torch.einsum("nkj,nj->nk", p["layer2.weight"], h) + p["layer2.bias"])

    def forward_shared(self, patterns: torch.Tensor) -> torch.Tensor:
        """Outputs [N, P, 2] for patterns [P, 4] shared by every model.

        Its own method: told apart by shape, P patterns and N = P models were once confused.
        """
        p = self.params
        z1 = torch.einsum("nji,pi->npj", p["layer1.weight"], patterns) + p["layer1.bias"][:, None, :]
        h = self._act(z1)
        return torch.sigmoid(torch.einsum("nkj,npj->npk", p["layer2.weight"], h) + p["layer2.bias"][:, None, :])

    def epoch(self) -> torch.Tensor:
        """One epoch of per-sample updates for every model; returns the epoch's mean loss [N]."""
        noise = None
        if self.config.noise:
            unit = torch.stack([torch.randn(self._inputs.shape, generator=g) for g in self._noise_rngs])
            noise = (unit * self.config.noise).to(self.device)  # [N, samples, 4]
        total = torch.zeros(self.size, device=self.device)
        for index in range(self._inputs.shape[0]):
            x = self._inputs[index]
            if noise is not None:
                x = (x + noise[:, index]).clamp(0.0, 1.0)
            output = self.forward(x)
            target = self._targets[index]
            per_element = (output - target) ** 2 if self.config.loss == "mse" else _bce(output, target)
            losses = per_element.mean(dim=1)  # [N]: each model's own loss, as F.mse_loss gives it
            self.optimizer.zero_grad(set_to_none=True)
            losses.sum().backward()  # the sum's gradient for each model is that model's own
            self.optimizer.step()
            total += losses.detach()
        mean = (total / self._inputs.shape[0]).cpu()
        self._epoch_losses.append(mean)
        self.epochs_done += 1
        return mean

    def parameters(self, model: int) -> dict[str, torch.Tensor]:
        """One model's parameters, on the CPU, named as in Trainer."""
        return {name: t[model].detach().cpu().clone() for name, t in self.params.items()}

    @torch.no_grad()
    def results(self) -> list[SeedResult]:
        """Per seed: final loss, solved or not, diverged or not, and verdicts on the stress set and all 16."""
        finite = torch.stack([torch.isfinite(t).flatten(1).all(dim=1) for t in self.params.values()]).all(dim=0).cpu()
        return seed_results(self.seeds, finite, self.final_losses(), lambda x: self.forward_shared(x.to(self.device)).cpu())


def seed_results(seeds: Sequence[int], finite: torch.Tensor, final: torch.Tensor, outputs) -> list[SeedResult]:
    """TinyNet's per-seed verdicts, given each network's finiteness, final loss, and outputs(patterns) -> [N, P, 2]."""
    training = _winners(outputs(as_tensors(TRAINING_PATTERNS)[0]))
    stress = _winners(outputs(as_tensors(STRESS_PATTERNS)[0]))
    all16 = _winners(outputs(as_tensors(ALL_BW_PATTERNS)[0]))
    labels = [p.label for p in TRAINING_PATTERNS]
    return [
        SeedResult(
            seed=seed,
            final_loss=float(final[m]),
            solved=bool(finite[m]) and training[m] == labels,
            diverged=not bool(finite[m]) or not math.isfinite(float(final[m])),
            stress=tuple(stress[m]),
            all16=tuple(all16[m]),
        )
        for m, seed in enumerate(seeds)
    ]


def _winners(outputs: torch.Tensor) -> list[list[str]]:
    """Verdict winners for outputs [N, P, 2], as world.Verdict decides them, for every model at once."""
    h, v = outputs[..., 0], outputs[..., 1]
    confidence = torch.maximum(h, v) / (h + v)
    names = torch.where(h > v, 0, 1)
    names = torch.where(confidence >= 0.5 + UNSURE_MARGIN, names, 2)  # NaN compares False: unsure
    words = ("horizontal", "vertical", "unsure")
    return [[words[i] for i in row] for row in names.tolist()]

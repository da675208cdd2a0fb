"""The initialisation lottery for any network of the lab: N seeds, one config, trained in lockstep.

Where batched.py lets autograd and torch.optim work on parameters with a leading model axis,
this module does the arithmetic itself, from the layer equations of tinynet_core.layer_math
written for N networks at once: a forward pass, the output delta from the head and the loss,
δ = (δ_next W_next) ⊙ f′(z) going back, each gradient as the batch's sum of δ·a, and the
optimizer's update as a handful of in-place operations on one flat buffer.

The networks are the last axis of every tensor ([P, N] parameters, [B, features, N]
activations), so each operation runs over N contiguous numbers: the tiny matrices of these
networks become broadcast products and sums that vectorise across the seeds, instead of N
tiny matrix products. No graph is built and no Python loop runs over the networks. Each
seed's network follows the same updates as Trainer gives it (tests/core/test_lottery.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch.nn import functional as F

from .batched import SeedResult, SeedsInLockstep, seed_results
from .config import TrainConfig
from .device import resolve_device
from .handmath import ADAM_BETAS, ADAM_EPS, RMSPROP_ALPHA, RMSPROP_EPS
from .layer_math import LEAKY_SLOPE
from .metrics import score
from .nets import parameter_shapes, seeded_mlp
from .records import ParamLayout
from .seed_results import LotteryResult
from .trainer import data_options, network_sizes, targets_for_head
from .worlds import world_named


_ONE = torch.ones(())


def _activate(name: str, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """f(z) and f′(z) for a stack of sums (PyTorch's choices at z = 0)."""
    if name == "sigmoid":
        a = torch.sigmoid(z)
        return a, torch.addcmul(a, a, a, value=-1)  # a − a², one operation
    if name == "tanh":
        a = torch.tanh(z)
        return a, torch.addcmul(_ONE, a, a, value=-1)  # 1 − a²
    if name == "relu":
        slope = (z > 0).to(z.dtype)
        return z * slope, slope
    if name == "leaky_relu":
        slope = torch.where(z > 0, 1.0, LEAKY_SLOPE).to(z.dtype)
        return z * slope, slope
    return z, torch.ones_like(z)


# An input shared by every network, of one example and at most this many values, is taken value
# by value: each is one scaled add of an [out, N] slice, and a zero (a dark pixel) costs nothing.
SMALL_SHARED_INPUT = 16


def _is_small_shared(a: torch.Tensor) -> bool:
    return a.shape[0] == 1 and a.shape[-1] == 1 and a.shape[1] <= SMALL_SHARED_INPUT


def _shared_sums(w: torch.Tensor, b: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    """z[0, o, n] = bias[o, n] + Σ_i a_i · w[o, i, n] for one input [1, i, 1] shared by all networks."""
    z = b.clone()
    for i, value in enumerate(a[0, :, 0].tolist()):
        if value:
            z.add_(w[:, i], alpha=value)
    return z.unsqueeze(0)


def _weight_grad(delta: torch.Tensor, a: torch.Tensor, out: torch.Tensor) -> None:
    """∂loss/∂w[o, i, n] = Σ_b δ[b, o, n] · a[b, i, n], into `out`, by the quickest route for the shapes.

    An input shared by every network (a is [B, i, 1]) is a matrix product over the batch (or, for
    one small example, value by value); one example is an outer product; otherwise a product
    summed over the batch.
    """
    if _is_small_shared(a) and delta.shape[-1] != 1:
        for i, value in enumerate(a[0, :, 0].tolist()):
            if value:
                torch.mul(delta[0], value, out=out[:, i])
            else:
                out[:, i].zero_()
    elif a.shape[-1] == 1 and delta.shape[-1] != 1:
        out.copy_(torch.einsum("bon,bi->oin", delta, a[..., 0]))
    elif len(a) == 1:
        torch.mul(delta[0].unsqueeze(1), a[0].unsqueeze(0), out=out)
    else:
        torch.sum(delta.unsqueeze(2) * a.unsqueeze(1), dim=0, out=out)


class Lottery(SeedsInLockstep):
    """One network per seed, all with the same config and data, trained together by hand-derived math."""

    def __init__(self, config: TrainConfig, seeds: Sequence[int], device: str = "cpu") -> None:
        self.config = config
        self.seeds = [int(s) for s in seeds]
        self.device = resolve_device(device)
        self.world = world_named(config.world, config.data, config.target)
        self.data = self.world.make(config.data_seed, data_options(config))
        self.sizes = network_sizes(config, self.world, self.data)
        self.layout = ParamLayout.from_shapes(parameter_shapes(self.sizes))
        # The plain recipe's initialisation, seed by seed (a loop at start-up only), on the CPU.
        flats = []
        for seed in self.seeds:
            model = seeded_mlp(seed, self.sizes, config.activation, config.head, config.loss, config.hidden_bias)
            flats.append(torch.cat([p.detach().flatten() for p in model.parameters()]))
        # [P, N]: parameter-major, so one parameter's N values sit side by side.
        self.flat = torch.stack(flats, dim=1).contiguous().to(self.device)
        self.grad = torch.zeros_like(self.flat)
        count = len(self.sizes) - 1
        views, grad_views = self._split(self.flat), self._split(self.grad)
        self._weights = [views[f"layer{i}.weight"] for i in range(1, count + 1)]  # [out, in, N]
        self._biases = [views[f"layer{i}.bias"] for i in range(1, count + 1)]  # [out, N]
        self._weight_grads = [grad_views[f"layer{i}.weight"] for i in range(1, count + 1)]
        self._bias_grads = [grad_views[f"layer{i}.bias"] for i in range(1, count + 1)]
        self._state: dict[str, torch.Tensor] = {}
        self._steps = 0
        inputs, targets = self.data.train
        self._inputs = inputs.to(self.device)
        self._targets = targets_for_head(self.world.task, self.config.head, targets).to(self.device)
        # Each nudge's rows, inputs [B, F, 1] (shared by every network) and targets, cut once.
        batch, count = config.batch_size, len(self._inputs)
        self._batches = [
            (rows, self._inputs[rows].unsqueeze(-1), self._targets[rows])
            for rows in (slice(start, min(start + batch, count)) for start in range(0, count, batch))
        ]
        held_x, held_y = self.data.held_out
        self._held_inputs, self._held_targets = held_x.to(self.device), targets_for_head(self.world.task, self.config.head, held_y).to(self.device)
        # Each seed's noise comes from its own generator, as in Trainer, so the numbers match.
        self._noise_rngs = [torch.Generator().manual_seed(seed) for seed in self.seeds] if config.noise else []
        self._epoch_losses = []
        self.epochs_done = 0

    def _split(self, flat: torch.Tensor) -> dict[str, torch.Tensor]:
        """Named views [*shape, N] of a parameter-major buffer [P, N]."""
        return {
            name: flat[offset : offset + math.prod(shape)].view(*shape, self.size)
            for name, shape, offset in zip(self.layout.names, self.layout.shapes, self.layout.offsets)
        }

    # -- training ----------------------------------------------------------------------------

    def epoch(self) -> torch.Tensor:
        """One epoch of batch updates for every network; returns the epoch's mean loss [N]."""
        noise = None
        if self.config.noise:
            unit = torch.stack([torch.randn(self._inputs.shape, generator=g) for g in self._noise_rngs], dim=-1)
            noise = (unit * self.config.noise).to(self.device)  # [samples, features, N]
        total = torch.zeros(self.size, device=self.device)
        for rows, x, y in self._batches:
            if noise is not None:
                x = x + noise[rows]  # [B, F, N]
                if self.world.kind == "pixels":
                    x = x.clamp_(0.0, 1.0)
            total += self._nudge(x, y)
        mean = (total / len(self._batches)).cpu()
        self._epoch_losses.append(mean)
        self.epochs_done += 1
        return mean

    def _forward(self, x: torch.Tensor) -> tuple[list[torch.Tensor], list[torch.Tensor], torch.Tensor]:
        """Every layer's input and slope, and the last layer's sums [B, K, N], for inputs [B, F, 1 or N]."""
        a = x
        inputs, slopes = [], []
        last = len(self._weights) - 1
        for i, (w, b) in enumerate(zip(self._weights, self._biases)):
            inputs.append(a)
            # z[b, o, n] = Σ_i w[o, i, n] · a[b, i, n] + bias[o, n]
            z = _shared_sums(w, b, a) if _is_small_shared(a) else (w * a.unsqueeze(1)).sum(dim=2).add_(b)
            if i == last:
                return inputs, slopes, z
            a, slope = _activate(self.config.activation, z)
            slopes.append(slope)
        raise AssertionError("unreachable: a network has an output layer")

    def _nudge(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Forward, the layer deltas, the gradients and one optimizer step; returns each network's loss [N]."""
        inputs, slopes, z = self._forward(x)
        losses, delta = self._loss_and_delta(z, y)
        for i in range(len(self._weights) - 1, -1, -1):
            _weight_grad(delta, inputs[i], self._weight_grads[i])
            if len(delta) == 1:
                self._bias_grads[i].copy_(delta[0])
            else:
                torch.sum(delta, dim=0, out=self._bias_grads[i])  # ∂loss/∂bias[o, n] = Σ_b δ[b, o, n]
            if i:
                # δ_prev[b, i, n] = Σ_o δ[b, o, n] · w[o, i, n], times f′ at the layer below
                delta = (delta.unsqueeze(2) * self._weights[i]).sum(dim=1).mul_(slopes[i - 1])
        self._step()
        return losses

    def _loss_and_delta(self, z: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Each network's batch loss [N] and the output delta ∂loss/∂z [B, K, N] (layer_math's rules)."""
        head, loss = self.config.head, self.config.loss
        batch, k = z.shape[0], z.shape[1]
        if loss == "ce":
            log_p = torch.log_softmax(z, dim=1)
            index = y.reshape(batch, 1, 1).expand(batch, 1, self.size)
            losses = -log_p.gather(1, index).mean(dim=(0, 1))
            delta = log_p.exp_().scatter_add_(1, index, torch.full(index.shape, -1.0, device=z.device))
            return losses, delta.div_(batch)
        target = y.unsqueeze(-1)  # [B, K, 1]: the same for every network
        if loss == "bce":
            losses = F.binary_cross_entropy_with_logits(z, target.expand_as(z), reduction="none").mean(dim=(0, 1))
            return losses, torch.sigmoid(z).sub_(target).div_(batch * k)
        o = torch.sigmoid(z) if head == "sigmoid" else z
        error = o - target
        losses = (error * error).mean(dim=(0, 1))
        if head == "sigmoid":
            error.mul_(torch.addcmul(o, o, o, value=-1))  # the sigmoid's slope, o − o²
        return losses, error.mul_(2.0 / (batch * k))

    def _step(self) -> None:
        """The optimizer's update on the flat [N, P] buffers, as torch.optim computes it."""
        c, p, g = self.config, self.flat, self.grad
        if c.l1:
            g.add_(p.sign(), alpha=c.l1)
        if c.weight_decay and c.optimizer != "adamw":
            g.add_(p, alpha=c.weight_decay)
        self._steps += 1
        if c.optimizer in ("adam", "adamw"):
            if c.optimizer == "adamw" and c.weight_decay:
                p.mul_(1 - c.lr * c.weight_decay)
            b1, b2 = ADAM_BETAS
            m = self._buffer("m")
            v = self._buffer("v")
            m.lerp_(g, 1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = (v.sqrt() / math.sqrt(1 - b2**self._steps)).add_(ADAM_EPS)
            p.addcdiv_(m, denom, value=-c.lr / (1 - b1**self._steps))
        elif c.optimizer == "rmsprop":
            square = self._buffer("square")
            square.mul_(RMSPROP_ALPHA).addcmul_(g, g, value=1 - RMSPROP_ALPHA)
            avg = square.sqrt().add_(RMSPROP_EPS)
            if c.momentum:
                buf = self._buffer("momentum")
                buf.mul_(c.momentum).addcdiv_(g, avg)
                p.add_(buf, alpha=-c.lr)
            else:
                p.addcdiv_(g, avg, value=-c.lr)
        elif c.momentum:
            if "momentum" not in self._state:
                self._state["momentum"] = g.clone()  # torch's SGD starts the buffer at the first gradient
            else:
                self._state["momentum"].mul_(c.momentum).add_(g)
            p.add_(self._state["momentum"], alpha=-c.lr)
        else:
            p.add_(g, alpha=-c.lr)

    def _buffer(self, name: str) -> torch.Tensor:
        if name not in self._state:
            self._state[name] = torch.zeros_like(self.flat)
        return self._state[name]

    # -- reading the networks ------------------------------------------------------------------

    def parameters(self, model: int) -> dict[str, torch.Tensor]:
        """One network's parameters, on the CPU, named as in Trainer."""
        return {name: t.clone() for name, t in self.layout.split(self.flat[:, model].cpu()).items()}

    @torch.no_grad()
    def outputs(self, x: torch.Tensor) -> torch.Tensor:
        """Every network's answer [N, P, K] for inputs [P, F] shared by all."""
        _, _, z = self._forward(x.to(self.device).unsqueeze(-1))
        if self.config.head == "softmax":
            z = torch.softmax(z, dim=1)
        elif self.config.head == "sigmoid":
            z = torch.sigmoid(z)
        return z.permute(2, 0, 1)

    @torch.no_grad()
    def tinynet_results(self) -> list[SeedResult]:
        """On the 2×2 world: the batched trainer's per-seed verdicts (solved, stress set, all 16)."""
        finite = torch.isfinite(self.flat).all(dim=0).cpu()
        return seed_results(self.seeds, finite, self.final_losses(), lambda x: self.outputs(x).cpu())

    @torch.no_grad()
    def results(self) -> list[LotteryResult]:
        """Per seed: final loss, accuracy (or R²) on both sets, and whether it diverged."""
        finite = torch.isfinite(self.flat).all(dim=0).cpu()
        final = self.final_losses()
        train = score(self.world.task, self.config.head, self.outputs(self._inputs).cpu(), self._targets.cpu())
        held = (
            score(self.world.task, self.config.head, self.outputs(self._held_inputs).cpu(), self._held_targets.cpu())
            if len(self._held_inputs) else [math.nan] * self.size
        )
        return [
            LotteryResult(seed, float(final[m]), train[m], held[m], not bool(finite[m]) or not math.isfinite(float(final[m])))
            for m, seed in enumerate(self.seeds)
        ]

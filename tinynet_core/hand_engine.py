"""The fast engine: one nudge in plain Python floats, no tensors, no autograd.

Same arithmetic as tinynet_core.handmath (which keeps every term for the inspector), written
as tight loops over one flat list of parameters, updated in place: for a 23-parameter network
the interpreter beats PyTorch's per-operation overhead many times over.
"""

from __future__ import annotations

import math

from .config import TrainConfig
from .handmath import ADAM_BETAS, ADAM_EPS, LEAKY_SLOPE, LOG_FLOOR, OptimizerState, Layout, sigmoid

_exp, _sqrt, _log, _tanh = math.exp, math.sqrt, math.log, math.tanh


def _activation_pair(name: str):
    """(activation, slope given z and the activation's value) as fast closures."""
    if name == "sigmoid":
        return sigmoid, lambda z, a: a * (1.0 - a)
    if name == "relu":
        return (lambda z: z if z > 0 else 0.0), (lambda z, a: 1.0 if z > 0 else 0.0)
    if name == "leaky_relu":
        return (lambda z: z if z > 0 else LEAKY_SLOPE * z), (lambda z, a: 1.0 if z > 0 else LEAKY_SLOPE)
    if name == "linear":
        return (lambda z: z), (lambda z, a: 1.0)
    return _tanh, lambda z, a: 1.0 - a * a


class HandEngine:
    """Owns the parameters (a flat list in layout order) and the optimizer's memory."""

    def __init__(self, params: list[float], config: TrainConfig, state: OptimizerState | None = None) -> None:
        self.params = list(params)
        self.grads = [0.0] * len(params)
        self.state = state or OptimizerState()
        self.configure(config)

    def configure(self, config: TrainConfig) -> None:
        """New hyperparameters from the next step; a new optimizer kind starts with no memory."""
        if getattr(self, "config", None) is not None and config.optimizer != self.config.optimizer:
            self.state = OptimizerState()
        self.config = config
        self.layout = Layout(config.hidden[0])
        self._act, self._slope = _activation_pair(config.activation)

    def step(self, x: list[float], target: list[float]) -> tuple[float, float, float]:
        """Forward, backward and update on one sample; returns (output H, output V, loss)."""
        p, g, lay = self.params, self.grads, self.layout
        hidden, act, slope = lay.hidden, self._act, self._slope
        b1, w2, b2 = lay.b1, lay.w2, lay.b2
        x0, x1, x2, x3 = x
        z1, h = [0.0] * hidden, [0.0] * hidden
        for j in range(hidden):
            r = j * 4
            z = p[r] * x0 + p[r + 1] * x1 + p[r + 2] * x2 + p[r + 3] * x3 + p[b1 + j]
            z1[j] = z
            h[j] = act(z)
        outputs, deltas, loss = [0.0, 0.0], [0.0, 0.0], 0.0
        bce = self.config.loss == "bce"
        for k in range(2):
            r = w2 + k * hidden
            z = p[b2 + k]
            for j in range(hidden):
                z += p[r + j] * h[j]
            o = sigmoid(z)
            t = target[k]
            if bce:
                log_o = _log(o) if o > 0 else -math.inf
                log_not_o = _log(1.0 - o) if o < 1 else -math.inf
                loss -= t * max(log_o, LOG_FLOOR) + (1.0 - t) * max(log_not_o, LOG_FLOOR)
                d_out = ((-t / o if log_o > LOG_FLOOR else 0.0) + ((1.0 - t) / (1.0 - o) if log_not_o > LOG_FLOOR else 0.0)) * 0.5
            else:
                diff = o - t
                loss += diff * diff
                d_out = diff  # 2·(o - t)/2: the mean over two outputs
            outputs[k] = o
            deltas[k] = d_out * o * (1.0 - o)
        loss *= 0.5
        d0, d1 = deltas
        for j in range(hidden):
            delta = (d0 * p[w2 + j] + d1 * p[w2 + hidden + j]) * slope(z1[j], h[j])
            r = j * 4
            g[r], g[r + 1], g[r + 2], g[r + 3] = delta * x0, delta * x1, delta * x2, delta * x3
            g[b1 + j] = delta
        for k in range(2):
            r = w2 + k * hidden
            for j in range(hidden):
                g[r + j] = deltas[k] * h[j]
            g[b2 + k] = deltas[k]
        self._update()
        return outputs[0], outputs[1], loss

    def _update(self) -> None:
        """SGD (momentum, weight decay) or Adam, as PyTorch does them, in place."""
        p, g, c, state = self.params, self.grads, self.config, self.state
        lr, wd, n = c.lr, c.weight_decay, len(p)
        if wd:
            g = [gi + wd * pi for gi, pi in zip(g, p)]
        state.steps += 1
        if c.optimizer == "adam":
            b1, b2 = ADAM_BETAS
            m = state.m or [0.0] * n
            v = state.v or [0.0] * n
            step_size = lr / (1.0 - b1**state.steps)
            root_bc2 = _sqrt(1.0 - b2**state.steps)
            for i in range(n):
                gi = g[i]
                mi = m[i] = m[i] + (1.0 - b1) * (gi - m[i])
                vi = v[i] = b2 * v[i] + (1.0 - b2) * gi * gi
                p[i] -= step_size * mi / (_sqrt(vi) / root_bc2 + ADAM_EPS)
            state.m, state.v = m, v
        elif c.momentum:
            buffer = state.momentum
            if buffer is None:
                buffer = state.momentum = list(g)
            else:
                mu = c.momentum
                for i in range(n):
                    buffer[i] = mu * buffer[i] + g[i]
            for i in range(n):
                p[i] -= lr * buffer[i]
        else:
            for i in range(n):
                p[i] -= lr * g[i]

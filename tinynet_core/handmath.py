"""One nudge worked out by hand: the forward pass, every gradient by the chain rule, and the
optimizer's update, in plain Python floats, with each step kept as named data.

Parameters travel as one flat list in the trainer's layout order: layer1.weight (row-major,
hidden x 4), layer1.bias, layer2.weight (row-major, 2 x hidden), layer2.bias. Everything here
is checked against PyTorch's autograd and optimizers in tests/core/test_handmath.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .config import TrainConfig

INPUTS, OUTPUTS = 4, 2
LEAKY_SLOPE = 0.01  # PyTorch's default negative slope
ADAM_BETAS = (0.9, 0.999)  # PyTorch's defaults
ADAM_EPS = 1e-8
RMSPROP_ALPHA, RMSPROP_EPS = 0.99, 1e-8  # PyTorch's defaults
LOG_FLOOR = -100.0  # BCE clamps each log here, as PyTorch does


# -- activations -----------------------------------------------------------------------------


def sigmoid(z: float) -> float:
    """1 / (1 + e^-z), computed without overflow for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def activate(name: str, z: float) -> float:
    """The hidden activation of a pre-activation z."""
    if name == "sigmoid":
        return sigmoid(z)
    if name == "relu":
        return z if z > 0 else 0.0
    if name == "leaky_relu":
        return z if z > 0 else LEAKY_SLOPE * z
    if name == "linear":
        return z
    return math.tanh(z)


def activation_slope(name: str, z: float, a: float) -> float:
    """da/dz at z, given a = activate(name, z); at z = 0, PyTorch's choice (relu: 0, leaky: slope)."""
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "relu":
        return 1.0 if z > 0 else 0.0
    if name == "leaky_relu":
        return 1.0 if z > 0 else LEAKY_SLOPE
    if name == "linear":
        return 1.0
    return 1.0 - a * a


ACTIVATION_SLOPE_TEXT = {
    "sigmoid": "σ'(z) = σ(z)·(1-σ(z))",
    "relu": "1 if z > 0 else 0",
    "leaky_relu": "1 if z > 0 else 0.01",
    "tanh": "1 - tanh(z)²",
    "linear": "1: a linear unit passes z on",
}


# -- layout ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Offsets of the four parameters in the flat list, for a hidden size."""

    hidden: int

    @property
    def w1(self) -> int:
        """Offset of layer1.weight."""
        return 0

    @property
    def b1(self) -> int:
        """Offset of layer1.bias."""
        return self.hidden * INPUTS

    @property
    def w2(self) -> int:
        """Offset of layer2.weight."""
        return self.b1 + self.hidden

    @property
    def b2(self) -> int:
        """Offset of layer2.bias."""
        return self.w2 + OUTPUTS * self.hidden

    @property
    def size(self) -> int:
        """Number of parameters."""
        return self.b2 + OUTPUTS

    def flat_index(self, name: str, index: tuple[int, ...]) -> int:
        """Where parameter `name` at `index` (row, col) or (row,) sits in the flat list."""
        if name == "layer1.weight":
            return self.w1 + index[0] * INPUTS + index[1]
        if name == "layer1.bias":
            return self.b1 + index[0]
        if name == "layer2.weight":
            return self.w2 + index[0] * self.hidden + index[1]
        if name == "layer2.bias":
            return self.b2 + index[0]
        raise KeyError(name)


# -- forward and backward --------------------------------------------------------------------


@dataclass(frozen=True)
class Forward:
    """The forward pass: pre-activations and activations of both layers."""

    x: tuple[float, ...]
    z1: tuple[float, ...]  # layer1 pre-activations, one per hidden node
    h: tuple[float, ...]  # hidden activations
    z2: tuple[float, ...]  # layer2 pre-activations (logits), H and V
    o: tuple[float, ...]  # outputs, sigmoid(z2)


def forward(params: list[float], x: tuple[float, ...], activation: str, hidden: int) -> Forward:
    """z1 = W1·x + b1, h = act(z1), z2 = W2·h + b2, o = sigmoid(z2)."""
    lay = Layout(hidden)
    z1 = tuple(
        sum(params[lay.w1 + j * INPUTS + i] * x[i] for i in range(INPUTS)) + params[lay.b1 + j] for j in range(hidden)
    )
    h = tuple(activate(activation, z) for z in z1)
    z2 = tuple(
        sum(params[lay.w2 + k * hidden + j] * h[j] for j in range(hidden)) + params[lay.b2 + k] for k in range(OUTPUTS)
    )
    o = tuple(sigmoid(z) for z in z2)
    return Forward(tuple(x), z1, h, z2, o)


def loss_and_slope(loss: str, o: tuple[float, ...], t: tuple[float, ...]) -> tuple[float, tuple[float, ...]]:
    """The loss (mean over the 2 outputs) and dL/do for each output."""
    n = len(o)
    if loss == "mse":
        value = sum((ok - tk) ** 2 for ok, tk in zip(o, t)) / n
        return value, tuple(2.0 * (ok - tk) / n for ok, tk in zip(o, t))
    terms, slopes = [], []
    for ok, tk in zip(o, t):
        log_o = math.log(ok) if ok > 0 else -math.inf
        log_not_o = math.log(1.0 - ok) if ok < 1 else -math.inf
        terms.append(-(tk * max(log_o, LOG_FLOOR) + (1.0 - tk) * max(log_not_o, LOG_FLOOR)))
        # A clamped log contributes no slope, exactly as autograd sees the clamp.
        slope = (-tk / ok if log_o > LOG_FLOOR else 0.0) + ((1.0 - tk) / (1.0 - ok) if log_not_o > LOG_FLOOR else 0.0)
        slopes.append(slope / n)
    return sum(terms) / n, tuple(slopes)


@dataclass(frozen=True)
class Backward:
    """Every factor of the chain rule for one sample, and the resulting gradients."""

    dL_do: tuple[float, ...]  # how the loss changes with each output
    do_dz2: tuple[float, ...]  # sigmoid slope at each output: o·(1-o)
    delta2: tuple[float, ...]  # dL/dz2 = dL/do · do/dz2
    dL_dh: tuple[float, ...]  # Σ_k delta2_k · W2[k][j]
    dh_dz1: tuple[float, ...]  # hidden activation slope at z1
    delta1: tuple[float, ...]  # dL/dz1 = dL/dh · dh/dz1
    grads: list[float]  # dL/dparam in the flat layout


def backward(params: list[float], fwd: Forward, target: tuple[float, ...], loss: str, activation: str, hidden: int) -> tuple[float, Backward]:
    """The loss and every gradient, layer by layer, from the output back to the inputs."""
    lay = Layout(hidden)
    value, dL_do = loss_and_slope(loss, fwd.o, target)
    do_dz2 = tuple(o * (1.0 - o) for o in fwd.o)
    delta2 = tuple(a * b for a, b in zip(dL_do, do_dz2))
    dL_dh = tuple(sum(delta2[k] * params[lay.w2 + k * hidden + j] for k in range(OUTPUTS)) for j in range(hidden))
    dh_dz1 = tuple(activation_slope(activation, z, a) for z, a in zip(fwd.z1, fwd.h))
    delta1 = tuple(a * b for a, b in zip(dL_dh, dh_dz1))
    grads = [0.0] * lay.size
    for j in range(hidden):
        for i in range(INPUTS):
            grads[lay.w1 + j * INPUTS + i] = delta1[j] * fwd.x[i]
        grads[lay.b1 + j] = delta1[j]
    for k in range(OUTPUTS):
        for j in range(hidden):
            grads[lay.w2 + k * hidden + j] = delta2[k] * fwd.h[j]
        grads[lay.b2 + k] = delta2[k]
    return value, Backward(dL_do, do_dz2, delta2, dL_dh, dh_dz1, delta1, grads)


# -- optimizers ------------------------------------------------------------------------------


@dataclass
class OptimizerState:
    """What an optimizer remembers between nudges: momentum buffers, Adam's moments, RMSprop's mean square."""

    steps: int = 0
    momentum: list[float] | None = None  # SGD (or RMSprop) with momentum
    m: list[float] | None = None  # Adam's first moment (running mean of gradients)
    v: list[float] | None = None  # Adam's second moment (running mean of squared gradients)
    square_avg: list[float] | None = None  # RMSprop's running mean of squared gradients


@dataclass(frozen=True)
class Update:
    """How the optimizer turned the gradients into new parameters, element by element."""

    optimizer: str
    lr: float
    weight_decay: float
    before: list[float]
    grad: list[float]  # dL/dparam
    decayed: list[float]  # what the optimizer actually uses: grad + wd·param (coupled L2) + l1·sign(param)
    after: list[float]
    buffer: list[float] | None = None  # SGD or RMSprop momentum buffer after this step
    m: list[float] | None = None  # Adam
    v: list[float] | None = None
    m_hat: list[float] | None = None  # bias-corrected moments
    v_hat: list[float] | None = None
    step_number: int = 0
    l1: float = 0.0
    square_avg: list[float] | None = None  # RMSprop
    shrunk: list[float] | None = None  # AdamW: param · (1 - lr·wd), before Adam's step

    @property
    def change(self) -> list[float]:
        """after - before."""
        return [a - b for a, b in zip(self.after, self.before)]

    @property
    def coupled_decay(self) -> bool:
        """Weight decay added to the gradient (SGD, Adam, RMSprop), not applied apart (AdamW)."""
        return bool(self.weight_decay) and self.optimizer != "adamw"


def _sign(x: float) -> float:
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0


def optimizer_step(params: list[float], grads: list[float], state: OptimizerState, config: TrainConfig) -> Update:
    """One step of SGD, Adam, AdamW or RMSprop, with L2 and L1, as PyTorch (and the trainer) do it."""
    wd, lr, l1, name = config.weight_decay, config.lr, getattr(config, "l1", 0.0), config.optimizer
    decayed = list(grads)
    if l1:  # the trainer adds l1·sign(w) to the gradient before the optimizer sees it
        decayed = [g + l1 * _sign(p) for g, p in zip(decayed, params)]
    if wd and name != "adamw":  # coupled L2: the decay joins the gradient, and Adam rescales it too
        decayed = [g + wd * p for g, p in zip(decayed, params)]
    state.steps += 1
    common = dict(before=list(params), grad=list(grads), decayed=decayed, step_number=state.steps, l1=l1)
    if name in ("adam", "adamw"):
        shrunk = [p * (1.0 - lr * wd) for p in params] if name == "adamw" else None
        start = shrunk or params
        b1, b2 = ADAM_BETAS
        m = state.m or [0.0] * len(params)
        v = state.v or [0.0] * len(params)
        m = [mi + (1.0 - b1) * (g - mi) for mi, g in zip(m, decayed)]
        v = [b2 * vi + (1.0 - b2) * g * g for vi, g in zip(v, decayed)]
        state.m, state.v = m, v
        bc1, bc2 = 1.0 - b1**state.steps, 1.0 - b2**state.steps
        m_hat = [mi / bc1 for mi in m]
        v_hat = [vi / bc2 for vi in v]
        after = [p - lr * mh / (math.sqrt(vh) + ADAM_EPS) for p, mh, vh in zip(start, m_hat, v_hat)]
        return Update(name, lr, wd, after=after, m=m, v=v, m_hat=m_hat, v_hat=v_hat, shrunk=shrunk, **common)
    if name == "rmsprop":
        alpha = RMSPROP_ALPHA
        square = state.square_avg or [0.0] * len(params)
        square = [alpha * s + (1.0 - alpha) * g * g for s, g in zip(square, decayed)]
        state.square_avg = square
        scaled = [g / (math.sqrt(s) + RMSPROP_EPS) for g, s in zip(decayed, square)]
        buffer = None
        if config.momentum:
            previous = state.momentum or [0.0] * len(params)
            buffer = state.momentum = [config.momentum * b + g for b, g in zip(previous, scaled)]
            scaled = buffer
        after = [p - lr * g for p, g in zip(params, scaled)]
        return Update(name, lr, wd, after=after, buffer=buffer, square_avg=square, **common)
    if config.momentum:
        if state.momentum is None:
            buffer = list(decayed)
        else:
            buffer = [config.momentum * b + g for b, g in zip(state.momentum, decayed)]
        state.momentum = buffer
        after = [p - lr * b for p, b in zip(params, buffer)]
        return Update("sgd", lr, wd, after=after, buffer=buffer, **common)
    after = [p - lr * g for p, g in zip(params, decayed)]
    return Update("sgd", lr, wd, after=after, **common)


# -- a whole nudge ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NudgeMath:
    """One nudge, every number of it."""

    config: TrainConfig
    target: tuple[float, ...]
    forward: Forward
    loss: float
    backward: Backward
    update: Update


def works_out(config: TrainConfig) -> bool:
    """Whether this path-by-path working covers the config: TinyNet's shape, sigmoid outputs, MSE or BCE (any optimizer)."""
    return config.is_tinynet and config.head == "sigmoid" and config.loss in ("mse", "bce")


def work_out(params: list[float], x, target, config: TrainConfig, state: OptimizerState | None = None) -> NudgeMath:
    """The whole nudge for params (flat) on input x with the given target; `state` is advanced."""
    state = state if state is not None else OptimizerState()
    fwd = forward(params, tuple(x), config.activation, config.hidden[0])
    loss, bwd = backward(params, fwd, tuple(target), config.loss, config.activation, config.hidden[0])
    update = optimizer_step(params, bwd.grads, state, config)
    return NudgeMath(config, tuple(target), fwd, loss, bwd, update)


@dataclass(frozen=True)
class Term:
    """One factor or step in a parameter's story, with what it means."""

    name: str
    value: float
    meaning: str


OUTPUT_NAMES = ("H", "V")
PIXEL_NAMES = ("TL", "TR", "BL", "BR")


def gradient_chain(math_: NudgeMath, name: str, index: tuple[int, ...]) -> list[tuple[str, list[Term]]]:
    """The chain-rule path of one parameter, one (route, factors) pair per output it reaches.

    For a layer1 weight the gradient flows back through both outputs, so there are two routes
    whose products add up to the gradient; a layer2 parameter reaches one output only.
    """
    f, b, act = math_.forward, math_.backward, math_.config.activation
    hidden = math_.config.hidden[0]
    lay = Layout(hidden)
    routes = []
    if name.startswith("layer2"):
        k = index[0]
        last = (
            Term(f"dz2_{OUTPUT_NAMES[k]}/dw", f.h[index[1]], f"hidden node h{index[1]}'s output: the input this weight multiplies")
            if name == "layer2.weight"
            else Term(f"dz2_{OUTPUT_NAMES[k]}/db", 1.0, "a bias adds straight into the output's sum")
        )
        routes.append((OUTPUT_NAMES[k], [_dL_do(math_, k), _do_dz2(math_, k), last]))
        return routes
    j = index[0]
    for k in range(OUTPUTS):
        w2 = math_.update.before[lay.w2 + k * hidden + j]
        last = (
            Term(f"dz1_h{j}/dw", f.x[index[1]], f"pixel {PIXEL_NAMES[index[1]]}'s brightness: the input this weight multiplies")
            if name == "layer1.weight"
            else Term(f"dz1_h{j}/db", 1.0, "a bias adds straight into the node's sum")
        )
        routes.append(
            (
                OUTPUT_NAMES[k],
                [
                    _dL_do(math_, k),
                    _do_dz2(math_, k),
                    Term(f"dz2_{OUTPUT_NAMES[k]}/dh{j}", w2, f"the weight from h{j} to {OUTPUT_NAMES[k]}"),
                    Term(f"dh{j}/dz1", b.dh_dz1[j], f"slope of {act} at z1 = {f.z1[j]:+.5g} ({ACTIVATION_SLOPE_TEXT[act]})"),
                    last,
                ],
            )
        )
    return routes


def _dL_do(math_: NudgeMath, k: int) -> Term:
    o, t = math_.forward.o[k], math_.target[k]
    how = "2·(o - t)/2 for the mean squared error" if math_.config.loss == "mse" else "(-t/o + (1-t)/(1-o))/2 for cross-entropy"
    return Term(f"dL/do_{OUTPUT_NAMES[k]}", math_.backward.dL_do[k], f"output {OUTPUT_NAMES[k]} said {o:.5g}, target {t:g}: {how}")


def _do_dz2(math_: NudgeMath, k: int) -> Term:
    o = math_.forward.o[k]
    return Term(f"do_{OUTPUT_NAMES[k]}/dz2", math_.backward.do_dz2[k], f"sigmoid slope o·(1-o) at o = {o:.5g}")


def update_terms(math_: NudgeMath, flat_index: int) -> list[Term]:
    """How the optimizer moved one parameter, step by step."""
    u = math_.update
    i = flat_index
    terms = [Term("grad", u.grad[i], "dL/dw from the chain rule above")]
    if u.l1:
        terms.append(Term("+ l1·sign(w)", u.l1 * _sign(u.before[i]), f"L1 {u.l1:g} pulls the weight toward 0 by a fixed amount"))
    if u.coupled_decay:
        why = f"L2 (weight decay {u.weight_decay:g}) pulls the weight toward 0"
        if u.optimizer == "adam":
            why += "; inside Adam it is rescaled like the gradient (see below)"
        terms.append(Term("g = grad + wd·w", u.decayed[i], why))
    elif u.l1:
        terms.append(Term("g", u.decayed[i], "what the optimizer uses"))
    if u.shrunk is not None:
        terms.append(Term("w·(1 - lr·wd)", u.shrunk[i], f"AdamW shrinks the weight apart from the gradient (decay {u.weight_decay:g}): decoupled"))
    if u.optimizer in ("adam", "adamw"):
        terms += [
            Term("m", u.m[i], "running mean of g (β1 = 0.9)"),
            Term("v", u.v[i], "running mean of g² (β2 = 0.999)"),
            Term("m̂", u.m_hat[i], f"m / (1 - 0.9^{u.step_number}): bias-corrected"),
            Term("v̂", u.v_hat[i], f"v / (1 - 0.999^{u.step_number}): bias-corrected"),
            Term("step", u.after[i] - (u.shrunk or u.before)[i], f"-lr · m̂ / (√v̂ + 1e-8), lr = {u.lr:g}"),
        ]
    else:  # SGD and RMSprop: a step along g (RMSprop's scaled by its running mean square), maybe through a buffer
        scaled = "g"
        if u.optimizer == "rmsprop":
            terms.append(Term("s", u.square_avg[i], "running mean of g² (α = 0.99)"))
            scaled = "g / (√s + 1e-8)"
        if u.buffer is not None:
            terms += [
                Term("buffer", u.buffer[i], f"momentum · previous buffer + {scaled} (momentum {math_.config.momentum:g})"),
                Term("step", u.after[i] - u.before[i], f"-lr · buffer, lr = {u.lr:g}"),
            ]
        else:
            terms.append(Term("step", u.after[i] - u.before[i], f"-lr · {scaled}, lr = {u.lr:g}"))
    terms += [Term("before", u.before[i], "the value going in"), Term("after", u.after[i], "the value coming out")]
    return terms

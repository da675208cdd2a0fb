"""Every limit on input from outside, in one place: each is checked before anything is allocated.

The README's "Reliability" section lists them; a value beyond one is refused with one line.
"""

# Files read from outside: checkpoints and replay scripts. A TinyNet checkpoint is a few KiB
# (2 MiB with a full loss history); a replay script is a few lines.
MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024
MAX_SCRIPT_BYTES = 1024 * 1024
# Tensors in one checkpoint file (TinyNet has 4): checked in the header, before any is loaded.
MAX_TENSORS = 64
# JSON inside a checkpoint (its config and loss history) is flat; deeper nesting is hostile.
MAX_JSON_DEPTH = 8
# Epochs of loss history a trainer keeps (the newest) and a checkpoint may hold; without a
# bound a long run grows its memory and every frame's copy of the history forever.
MAX_LOSS_HISTORY = 100_000
# Points of each curve one frame carries to the app: a long run's curves are thinned to this
# (tinynet_tui/curves.py), since 12 copies a second of 100,000 epochs cost more than a chart
# a few hundred columns wide can show.
FRAME_CURVE_POINTS = 4096
# Seeds are what torch.manual_seed accepts; epoch and nudge counters fit in 63 bits.
MAX_SEED = 2**63 - 1
MAX_COUNT = 2**63 - 1
# Training sizes: epochs in one run, networks in one sweep, units in a hidden layer, hidden
# layers (the Playground offers 6), and examples in one nudge's batch.
MAX_EPOCHS = 100_000
MAX_SWEEP_SEEDS = 100_000
MAX_HIDDEN = 256
MAX_LAYERS = 8
MAX_BATCH = 100_000
# Hyperparameters past these overflow float32 in the optimizer or the noise instead of training
# (above MAX_LR Adam fails outright near 1e37, so a bigger rate could not even show divergence).
# A hidden-bias start beyond HIDDEN_BIAS_LIMIT saturates every unit: a typo, not an experiment.
MAX_LR = 1e30
MAX_WEIGHT_DECAY = 1e3
MAX_NOISE = 1e3
HIDDEN_BIAS_LIMIT = 100.0
# A point on the plane (your own examples, a script's `point`) further out than this is a typo.
MAX_COORDINATE = 1000.0
# A headless screen (--size WxH) larger than this is a typo, and would take gigabytes.
MAX_SCREEN_WIDTH, MAX_SCREEN_HEIGHT = 1000, 500
# `tinynet graph`: the nudge to draw (training up to it takes at most minutes), and the nodes
# one DOT file may hold. 20,000 takes every preset's nudge but the two trained on large batches
# (digits-mlp, spiral-softmax: 80,000 and 170,000 nodes), whose picture no one could read and
# Graphviz would take hours to lay out; for those, one route (--to) fits.
MAX_GRAPH_NUDGE = 1_000_000
MAX_GRAPH_NODES = 20_000
# A weight typed in by hand (tinynet_core.hand_edit): a sigmoid saturates long before 100, so a
# larger value is a typo; the "what if" slice samples at most MAX_SLICE_POINTS values of it.
MAX_HAND_WEIGHT = 100.0
MAX_SLICE_POINTS = 1001

"""Shared test setup: keep torch to one thread so results and timings are steady on 2 cores."""

import torch

torch.set_num_threads(1)

"""Train the three published models from their presets and fixed seeds, and write them into the package.

    python scripts/make_models.py

The files land in tinynet_core/models/; tests/core/test_published.py retrains and checks they agree.
"""

from __future__ import annotations

import torch

from tinynet_core import Trainer, preset_config, save_checkpoint
from tinynet_core.published import PUBLISHED, published_path


def train_published(name: str) -> Trainer:
    """A published model, trained from scratch: the preset's config, its seed, its epochs."""
    config = preset_config(name)
    trainer = Trainer(config, PUBLISHED[name])
    trainer.train(config.epochs)
    return trainer


def main() -> None:
    """Write every published model."""
    torch.set_num_threads(1)
    for name in PUBLISHED:
        path = save_checkpoint(train_published(name), published_path(name))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

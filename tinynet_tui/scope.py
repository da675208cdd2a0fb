"""What the app can show today: TinyNet's shape on the 2×2 world (the lab's other worlds train in `tinynet`)."""

from __future__ import annotations

from tinynet_core.config import ConfigError, TrainConfig
from tinynet_core.worlds import DEFAULT_WORLD


def check_app_can_show(config: TrainConfig, what: str) -> None:
    """Refuse, in one line, a network the app's panes cannot draw yet."""
    if config.world != DEFAULT_WORLD:
        raise ConfigError(
            f"{what} trains on the {config.world} world; tinynet-tui shows the {DEFAULT_WORLD} world for now "
            f"(train it headless with 'tinynet train')"
        )
    if not config.is_tinynet or config.head != "sigmoid":
        raise ConfigError(f"{what} is not TinyNet's 4 → h → 2 shape with one pattern a nudge; tinynet-tui shows that shape for now")

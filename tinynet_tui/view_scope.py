"""Which keys work on which network: views made for the 2×2 world are hidden elsewhere, never broken.

Each rule reads the world's shape and task, never its name.
"""

from __future__ import annotations

from collections.abc import Callable

from .frame import WorldInfo

# An action (with its parameters, as the binding writes them) -> what the world needs for it.
NEEDS: dict[str, Callable[[WorldInfo], bool]] = {
    "open_view('verdicts')": lambda world: world.is_tinynet,  # the 16 black-and-white 2×2 pictures
    "open_view('tests')": lambda world: world.is_tinynet,  # TinyNet's near-copies and stress set
    "unit_images": lambda world: world.image_shape is not None and len(world.sizes) > 2,  # a picture in, a hidden layer
    "compare": lambda world: world.is_tinynet,  # the published models are TinyNets
    # The pen, the eraser and the empty plane draw on the plane's map.
    **{action: (lambda world: world.kind == "plane") for action in ("pen_ink", "pen_eraser", "pen_here", "empty_plane")},
}


def works_on(action: str, parameters: tuple[object, ...], world: WorldInfo | None) -> bool:
    """Whether an action does something on this world's network (everything works while it is unknown)."""
    if world is None:
        return True
    key = f"{action}({', '.join(repr(p) for p in parameters)})" if parameters else action
    rule = NEEDS.get(key) or NEEDS.get(action)
    return rule is None or rule(world)


def hidden_actions(world: WorldInfo | None) -> set[str]:
    """The rules' keys that do not work on this world (to tell when the footer must change)."""
    return {key for key, rule in NEEDS.items() if world is not None and not rule(world)}

"""What every input view is: a pane that shows a frame and says when the user changes the input."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Vertical
from textual.message import Message

from ..frame import Frame, WorldInfo


class InputView(Vertical):
    """The input pane's content for one kind of world."""

    # The pane's title above the view, and what the help says of it.
    TITLE = "Input"
    HELP = "The input the network looks at, and its answer for it right now. p / P walk the held-out examples, M jumps to a mistake."

    @dataclass
    class ProbeChanged(Message):
        """The user changed the input on screen; `probe` is in the world's terms (see Frame.probe)."""

        probe: tuple[float, ...]

    def __init__(self, world: WorldInfo, **kwargs) -> None:
        super().__init__(**kwargs)
        self.world = world

    @classmethod
    def fits(cls, view: InputView | None, world: WorldInfo) -> bool:
        """Whether an input view already mounted can show this world (same kind and shape of input)."""
        return type(view) is cls and view.world.feature_names == world.feature_names and view.world.answer_names == world.answer_names

    def show(self, frame: Frame) -> None:
        """Paint a frame: the input the engine answered for, and its answer."""
        raise NotImplementedError

    def walk_examples(self, direction: int) -> bool:
        """Put the view's own next example on screen; False when the engine's examples should be walked."""
        return False

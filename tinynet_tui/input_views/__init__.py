"""The input pane, one view per kind of world: what the network is shown, and what it answers.

The app picks a view by the world's kind (never its name) and hands it every frame; the view
tells the app when the user changes the input (InputView.ProbeChanged). A new kind of world is a
new module here and one line in INPUT_VIEWS.
"""

from __future__ import annotations

from .answer import AnswerView
from .base import InputView
from .curve import CurveView
from .pixels import PixelsView
from .plane import PlaneView
from .table import TableView

# kind -> the view that draws it; kinds without their own view get AnswerView.
INPUT_VIEWS: dict[str, type[InputView]] = {"pixels": PixelsView, "plane": PlaneView, "curve": CurveView, "table": TableView}


def input_view_for(kind: str) -> type[InputView]:
    """The input view class for a kind of world (tinynet_core.worlds.KINDS)."""
    return INPUT_VIEWS.get(kind, AnswerView)


__all__ = ["INPUT_VIEWS", "AnswerView", "CurveView", "InputView", "PixelsView", "PlaneView", "TableView", "input_view_for"]

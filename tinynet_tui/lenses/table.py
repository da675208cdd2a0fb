"""The tables' lens: the probe is a row, and the look is the network's answer against the truth for
the held-out rows (the ones the example keys walk, in the same order)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import Lens

SHOWN_COLUMNS = 4  # the first inputs of each row that the table can show
MAX_ROWS = 2000  # held-out rows answered each frame (a large CSV's first ones)


@dataclass(frozen=True)
class TableLook:
    """Held-out rows: their first inputs, the truth and the network's answer (classes, or numbers in units)."""

    columns: tuple[str, ...]  # names of the inputs shown
    input_count: int  # how many inputs a row really has
    rows: tuple[int, ...]  # each row's index in the data set
    inputs: tuple[tuple[float, ...], ...]  # each row's first SHOWN_COLUMNS inputs
    truth: tuple[float, ...]  # class index, or the target in units
    answer: tuple[float, ...]  # the class answered, or the number in units
    sure: tuple[float, ...] | None  # classes: the probability of the class answered
    right: tuple[bool, ...] | None  # classes: whether the answer is right
    score: float  # accuracy (classes) or R² (numbers) on these rows
    held_out_count: int  # all the held-out rows (more than `rows` for a large file)


class TableLens(Lens):
    """Rows in; the held-out rows answered in one batched pass a frame."""

    def __init__(self) -> None:
        self._rows: tuple[Any, tuple] | None = None  # (data set, what does not change while it learns)

    def look(self, trainer: Any, probe: tuple[float, ...]) -> TableLook:
        """The answers on the held-out rows, next to their truth."""
        from tinynet_core.metrics import answered_right, score
        from tinynet_core.trainer import targets_for_head

        data, world, head = trainer.data, trainer.world, trainer.config.head
        rows, inputs, truth, count = self._fixed(data, world.task)
        outputs = trainer.predict(data.inputs[list(rows)]) if rows else trainer.predict(data.inputs[:0])
        targets = targets_for_head(world.task, head, data.targets[list(rows)])
        right = answered_right(world.task, head, outputs, targets)
        if world.task == "regression":
            mean, std = data.target_scale or (0.0, 1.0)
            answer, sure = tuple(v * std + mean for v in outputs.reshape(-1).tolist()), None
        elif outputs.shape[-1] == 1:  # one sigmoid: the chance of the second class
            chance = outputs.reshape(-1).tolist()
            answer = tuple(float(p >= 0.5) for p in chance)
            sure = tuple(p if p >= 0.5 else 1.0 - p for p in chance)
        else:
            best, index = outputs.max(dim=1)
            answer, sure = tuple(float(i) for i in index.tolist()), tuple(best.tolist())
        return TableLook(
            columns=tuple(data.feature_names[:SHOWN_COLUMNS]),
            input_count=len(data.feature_names),
            rows=rows,
            inputs=inputs,
            truth=truth,
            answer=answer,
            sure=sure,
            right=None if right is None else tuple(right),
            score=score(world.task, head, outputs.unsqueeze(0), targets)[0],
            held_out_count=count,
        )

    def _fixed(self, data: Any, task: str) -> tuple:
        # The rows, their inputs and truth: made once per data set.
        if self._rows is None or self._rows[0] is not data:
            held = data.validation.nonzero().flatten()
            every = held.tolist() or data.train_index.tolist()  # as the driver walks them
            rows = tuple(every[:MAX_ROWS])
            shown = tuple(tuple(r) for r in data.inputs[list(rows), :SHOWN_COLUMNS].tolist()) if rows else ()
            targets = data.targets[list(rows)].reshape(len(rows), -1)[:, 0].tolist() if rows else []
            if task == "regression" and data.target_scale:
                mean, std = data.target_scale
                targets = [v * std + mean for v in targets]
            self._rows = (data, (rows, shown, tuple(float(v) for v in targets), len(every)))
        return self._rows[1]

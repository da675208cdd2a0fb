"""The newest steps' weight vectors, in float32 chunks that are filled once and then only read."""

from __future__ import annotations

import struct

import torch


class StepWindow:
    """The newest steps' weight vectors in float32 chunks; appends are one copy (or one struct pack)."""

    def __init__(self, size: int, first_step: int, chunk_bytes: int) -> None:
        self.size = size
        self.rows = max(1, chunk_bytes // (4 * size))
        self.first_step = first_step  # the step of the first chunk's first row
        self.chunks: list[torch.Tensor] = []
        self._views: list[memoryview] = []
        self.end = first_step  # one past the newest step held
        self._pack = struct.Struct(f"{size}f").pack_into

    @property
    def nbytes(self) -> int:
        """Bytes held by the chunks."""
        return len(self.chunks) * self.rows * self.size * 4

    def append(self, values: torch.Tensor | list[float]) -> bool:
        """Keep the weights of step self.end; True if that took a new chunk."""
        row = (self.end - self.first_step) % self.rows
        new_chunk = row == 0
        if new_chunk:
            chunk = torch.empty(self.rows, self.size)
            self.chunks.append(chunk)
            self._views.append(memoryview(chunk.numpy()).cast("B"))
        if isinstance(values, list):  # the hand engine's floats: packed as float32 without a tensor
            try:
                self._pack(self._views[-1], row * self.size * 4, *values)
            except OverflowError:  # a diverged weight beyond float32: torch's cast makes it infinite
                self.chunks[-1][row] = torch.tensor(values, dtype=torch.float64)
        else:
            self.chunks[-1][row].copy_(values)
        self.end += 1
        return new_chunk

    def get(self, step: int) -> torch.Tensor | None:
        """A copy of a step's weights, or None if the window does not hold it."""
        if not self.first_step <= step < self.end:
            return None
        offset = step - self.first_step
        return self.chunks[offset // self.rows][offset % self.rows].clone()

    def drop_oldest(self) -> tuple[int, torch.Tensor]:
        """Let the oldest chunk go; returns its first step and the chunk."""
        chunk = self.chunks.pop(0)
        self._views.pop(0)
        first = self.first_step
        self.first_step += self.rows
        return first, chunk

    def prefix(self, last: int) -> StepWindow:
        """A window holding this one's steps up to `last`: older chunks shared (never written again), the last copied."""
        copy = StepWindow.__new__(StepWindow)
        copy.__dict__.update(self.__dict__)
        if last < self.first_step:
            copy.chunks, copy._views, copy.first_step = [], [], last + 1
        else:
            keep = (last - self.first_step) // self.rows
            copy.chunks = self.chunks[:keep] + [self.chunks[keep].clone()]
            copy._views = self._views[:keep] + [memoryview(copy.chunks[-1].numpy()).cast("B")]
        copy.end = last + 1
        return copy

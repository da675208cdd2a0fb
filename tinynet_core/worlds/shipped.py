"""Reading the data files that ship inside the package (made by scripts/make_world_data.py)."""

from __future__ import annotations

import csv
import gzip
import io
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def read_shipped_csv(name: str) -> tuple[tuple[str, ...], tuple[tuple[float, ...], ...]]:
    """The header and the rows (as floats) of tinynet_core/worlds/data/NAME."""
    raw = resources.files("tinynet_core.worlds").joinpath("data", name).read_bytes()
    reader = csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8")))
    header = tuple(next(reader))
    return header, tuple(tuple(float(v) for v in row) for row in reader)

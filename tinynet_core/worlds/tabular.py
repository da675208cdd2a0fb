"""Tables: rows of numbers in, a class or a number out. The diabetes regression, and your own CSV."""

from __future__ import annotations

import csv
import io
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .base import DataOptions, Dataset, World, WorldError, check_seed, classes_dataset, regression_dataset
from .shipped import read_shipped_csv

# Limits on a user's CSV file, checked before anything large is built.
MAX_CSV_BYTES = 16 * 1024 * 1024
MAX_CSV_ROWS = 100_000
MAX_CSV_COLUMNS = 256
# A target column of whole numbers with at most this many distinct values is a class label.
MAX_CSV_CLASSES = 20
# A column of this name, holding "train" or "validation", is the split (as `tinynet data` writes it).
SPLIT_COLUMN = "split"
SPLIT_VALUES = {"train": False, "validation": True}


@dataclass(frozen=True)
class Diabetes(World):
    """442 patients: age, sex, BMI, blood pressure and six blood serum values → progression a year on.

    Inputs and target are standardised by the training rows' mean and std; the target's scale is
    kept so that predictions can be shown in the original units.
    """

    name: str = "diabetes"
    summary: str = "Diabetes progression from 10 measurements of 442 patients (regression)"
    kind: str = "table"
    task: str = "regression"
    output_names: tuple[str, ...] = ("progression",)
    base_features: tuple[str, ...] = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")
    source: str = "Efron, Hastie, Johnstone and Tibshirani (2004), 'Least Angle Regression', as scikit-learn ships it"

    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """All 442 rows; the seed chooses the held-out share."""
        import numpy as np

        options = options or DataOptions()
        _, rows = read_shipped_csv("diabetes.csv.gz")
        table = np.asarray(rows, dtype=np.float64)
        rng = np.random.RandomState(check_seed(seed))
        return regression_dataset(self, options, table[:, :-1], table[:, -1], rng, self.base_features, scale=True)


@dataclass(frozen=True)
class CsvTable:
    """A user's table, read and checked: column names, numeric rows, the target column's index."""

    path: str
    header: tuple[str, ...]  # the numeric columns
    rows: tuple[tuple[float, ...], ...]
    target: int
    held_out: tuple[bool, ...] | None = None  # from a split column, if the file has one


def read_csv_table(path: str | os.PathLike[str], target: str | None = None) -> CsvTable:
    """Read a CSV of numbers with a header row; every problem is one WorldError line."""
    text = _read_text(Path(path))
    reader = csv.reader(io.StringIO(text))
    try:
        header = tuple(name.strip() for name in next(reader))
    except StopIteration:
        raise WorldError(f"{path} is empty; a CSV needs a header row and rows of numbers") from None
    except csv.Error as err:
        raise WorldError(f"{path} is not a readable CSV: {err}") from None
    if len(header) < 2:
        raise WorldError(f"{path} has {len(header)} column; it needs at least one input column and a target column")
    if len(header) > MAX_CSV_COLUMNS:
        raise WorldError(f"{path} has {len(header)} columns; the limit is {MAX_CSV_COLUMNS}")
    if all(_is_number(name) for name in header):
        raise WorldError(f"{path} has no header row (its first row is all numbers); add a row of column names")
    if len(set(header)) != len(header) or not all(header):
        raise WorldError(f"{path} has empty or repeated column names in its header")
    split_at = header.index(SPLIT_COLUMN) if SPLIT_COLUMN in header else None
    rows, held_out = [], []
    try:
        for line_number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(rows) == MAX_CSV_ROWS:
                raise WorldError(f"{path} has more than {MAX_CSV_ROWS} rows; the limit is {MAX_CSV_ROWS}")
            if len(row) != len(header):
                raise WorldError(f"{path}:{line_number}: {len(row)} values, but the header names {len(header)} columns")
            if split_at is not None:
                held_out.append(_split_value(path, line_number, row[split_at]))
            rows.append(tuple(_number(path, line_number, header[i], value) for i, value in enumerate(row) if i != split_at))
    except csv.Error as err:
        raise WorldError(f"{path} is not a readable CSV: {err}") from None
    if not rows:
        raise WorldError(f"{path} has a header but no rows")
    if split_at is not None:
        header = header[:split_at] + header[split_at + 1 :]
        if len(header) < 2:
            raise WorldError(f"{path} needs at least one input column and a target column besides its split column")
    if target is None:
        index = len(header) - 1
    elif target in header:
        index = header.index(target)
    else:
        raise WorldError(f"{path} has no column {target!r}; its columns are: {', '.join(header)}")
    return CsvTable(str(path), header, tuple(rows), index, tuple(held_out) if split_at is not None else None)


def _split_value(path, line_number: int, text: str) -> bool:
    try:
        return SPLIT_VALUES[text.strip().lower()]
    except KeyError:
        raise WorldError(f"{path}:{line_number}: the split column holds {text[:40]!r}; use train or validation") from None


def _read_text(path: Path) -> str:
    """The file's text, refusing what is not a regular file and reading no more than the limit."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise WorldError(f"no such file: {path}") from None
    except OSError as err:
        raise WorldError(f"cannot read {path}: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise WorldError(f"{path} is not a regular file")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    except OSError as err:
        raise WorldError(f"cannot read {path}: {err.strerror}") from None
    if len(data) > MAX_CSV_BYTES:
        raise WorldError(f"{path} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MiB, the limit for a CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorldError(f"{path} is not UTF-8 text") from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(path, line_number: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise WorldError(f"{path}:{line_number}: column {column!r} holds {text[:40]!r}, not a number") from None
    if not math.isfinite(value):
        raise WorldError(f"{path}:{line_number}: column {column!r} is {text.strip()}; every value must be a finite number")
    return value


def _class_values(values: list[float]) -> list[float] | None:
    """The distinct target values if they look like class labels (few, whole numbers), else None."""
    distinct = sorted(set(values))
    if len(distinct) <= MAX_CSV_CLASSES and all(v == int(v) for v in distinct):
        return distinct
    return None


class CsvWorld(World):
    """A user's CSV: numeric columns, the target named or last; classes if the target has few whole values."""

    kind = "table"
    name = "csv"

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        values = [row[table.target] for row in table.rows]
        classes = _class_values(values)
        if classes is not None and len(classes) < 2:
            raise WorldError(f"{table.path}: the target column {table.header[table.target]!r} holds one class only; nothing to learn")
        self.task = "regression" if classes is None else "classes"
        self.class_values = classes
        target_name = table.header[table.target]
        self.output_names = (target_name,) if classes is None else tuple(f"{target_name}={v:g}" for v in classes)
        self.base_features = tuple(name for i, name in enumerate(table.header) if i != table.target)
        self.summary = f"Your table {Path(table.path).name}: {len(table.rows)} rows, {len(self.base_features)} inputs → {target_name}"
        self.source = table.path

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], target: str | None = None) -> CsvWorld:
        """Read and check a CSV file (one WorldError line for any problem)."""
        return cls(read_csv_table(path, target))

    def make(self, seed: int = 0, options: DataOptions | None = None) -> Dataset:
        """The rows in the file's order; the seed chooses the held-out share (and any label noise)."""
        import numpy as np

        options = options or DataOptions()
        table = np.asarray(self.table.rows, dtype=np.float64)
        inputs = np.delete(table, self.table.target, axis=1)
        target = table[:, self.table.target]
        rng = np.random.RandomState(check_seed(seed))
        held = None if self.table.held_out is None else np.asarray(self.table.held_out)
        if self.task == "regression":
            return regression_dataset(self, options, inputs, target, rng, self.base_features, scale=True, held_out=held)
        labels = np.searchsorted(np.asarray(self.class_values), target)
        return classes_dataset(self, options, inputs, labels, rng, self.base_features, scale_inputs=True, held_out=held)

"""Write the shipped data files of the `digits` and `diabetes` worlds from scikit-learn's copies.

This script is the project's only user of scikit-learn (`pip install scikit-learn`); the app and
the engine read the files it writes and never need it. The output is byte-for-byte reproducible
(gzip without a timestamp), so rerunning it changes nothing in git.
    python scripts/make_world_data.py
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from sklearn.datasets import load_diabetes, load_digits

DATA = Path(__file__).resolve().parents[1] / "tinynet_core" / "worlds" / "data"


def write_csv_gz(path: Path, header: list[str], rows) -> None:
    """A gzip'd CSV with a fixed (zero) timestamp, so the bytes depend on the data alone."""
    text = io.StringIO()
    text.write(",".join(header) + "\n")
    for row in rows:
        text.write(",".join(row) + "\n")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as out:
        out.write(text.getvalue().encode())
    print(f"{path.relative_to(DATA.parents[2])}: {path.stat().st_size} bytes")


def main() -> None:
    """Write digits.csv.gz (64 pixels 0-16, the digit) and diabetes.csv.gz (10 raw features, the target)."""
    DATA.mkdir(parents=True, exist_ok=True)
    digits = load_digits()
    pixel_names = [f"r{row}c{col}" for row in range(8) for col in range(8)]
    write_csv_gz(
        DATA / "digits.csv.gz",
        pixel_names + ["digit"],
        ([str(int(v)) for v in image] + [str(int(label))] for image, label in zip(digits.data, digits.target)),
    )
    diabetes = load_diabetes(scaled=False)
    write_csv_gz(
        DATA / "diabetes.csv.gz",
        list(diabetes.feature_names) + ["progression"],
        ([f"{v:g}" for v in row] + [f"{target:g}"] for row, target in zip(diabetes.data, diabetes.target)),
    )


if __name__ == "__main__":
    main()

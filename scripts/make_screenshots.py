"""Regenerate screenshots/ (shown in the README) by replaying the demo scripts headless.

    python scripts/make_screenshots.py

Each demo in scripts/demos/ is an ordinary replay script; run one in a terminal to watch it
(`tinynet-tui --script scripts/demos/first-nudges.txt`). The mid-run shot trains for a few
seconds, so its exact numbers depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMOS = ROOT / "scripts" / "demos"
OUT = ROOT / "screenshots"
RUNS = (  # script, screen size, extra options
    ("first-nudges.txt", "100x32", []),
    ("inside-a-nudge.txt", "100x32", []),
    ("small-terminal.txt", "80x24", []),
    ("large-terminal.txt", "200x60", []),
    ("tour.txt", "80x24", ["--tour", "discovery"]),
    ("lab-spiral.txt", "100x32", ["--preset", "spiral-softmax"]),
    ("lab-digit.txt", "100x32", ["--world", "digits"]),
    ("lab-curve.txt", "100x32", ["--preset", "curve-fit"]),
    ("rewind.txt", "100x32", []),
    ("hand-edit.txt", "100x32", []),
    ("your-examples.txt", "100x32", []),
    ("your-points.txt", "100x32", ["--preset", "playground-gauss"]),
    ("runs.txt", "100x32", []),
    ("chart-runs.txt", "100x32", []),
    ("runs-together.txt", "100x32", []),
    ("lab-overfit.txt", "100x32", ["--preset", "journey-notebook1", "--hidden", "64,64", "--val-split", "0.8", "--label-noise", "0.2", "--lr", "0.01"]),
)


def main() -> None:
    """Replay each demo; stop at the first that fails."""
    OUT.mkdir(exist_ok=True)
    for script, size, options in RUNS:
        command = [sys.executable, "-m", "tinynet_tui", "--script", str(DEMOS / script), "--headless",
                   "--size", size, "--screenshot-dir", str(OUT), *options]
        print("+", " ".join(command[1:]), flush=True)
        subprocess.run(command, check=True, timeout=300)
    print("wrote", ", ".join(sorted(p.name for p in OUT.glob("*.svg"))))


if __name__ == "__main__":
    main()

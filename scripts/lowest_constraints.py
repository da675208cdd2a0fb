"""Print a pip constraints file that pins every declared dependency to its lowest allowed version.

CI installs the project with these pins and runs a smoke test, so that each `>=` in
pyproject.toml is a version that was seen to work, not a guess. Usage:
    python scripts/lowest_constraints.py [--extra test] > lowest.txt
    pip install -c lowest.txt torch==2.13.0 -e ".[test]"
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import tomllib

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# "name>=1.2" (optionally with extras, a comment, or an upper bound after a comma)
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def lowest_pins(extras: list[str]) -> list[str]:
    """`name==minimum` for each direct dependency (and each named extra's)."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins = []
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        if not match:
            sys.exit(f"lowest_constraints: no '>=' minimum in {requirement!r}; every dependency needs one")
        pins.append(f"{match.group(1)}=={match.group(3)}")
    return pins


def main() -> None:
    """Print the pins, one a line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", action="append", default=[], help="also pin this optional-dependency group")
    args = parser.parse_args()
    print("\n".join(lowest_pins(args.extra)))


if __name__ == "__main__":
    main()

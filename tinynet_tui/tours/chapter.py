"""What a tour is made of: tours, chapters, the setup a chapter opens with, its sentences, and
the claims it measures.

The rule every story keeps: a sentence either states no fact about the network on screen (a
`Say`: what to look at, what a word means, what the setup did), or it is what the runbook
expected (an `Expected`), answered by a claim measured on the live frame with its verdict.
A `Say` that reads like a result is refused when the tour is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tinynet_core.world import STRESS_PATTERNS, TRAINING_PATTERNS

from ..frame import Frame

# Patterns chapters put on the grid.
TOP_ROW = TRAINING_PATTERNS[0].pixels
SOLID_GRAY = next(p.pixels for p in STRESS_PATTERNS if p.name == "solid gray")

# How an expectation opens: the runbooks' own, one the optimizer's arithmetic makes, or this tour's.
RUNBOOK = "The runbook expected"
ARITHMETIC = "The arithmetic expects"
TOUR = "This tour expected"
OPENINGS = (RUNBOOK, ARITHMETIC, TOUR)
# Words that state how a network behaved or will behave: results, which only a measured claim
# may state. Each false story sentence of issue 17 contains one of them.
RESULT_WORDS = re.compile(
    r"\b(drops?|dropped|falls?|fell|rises?|rose|grows?|grew|shrinks?|swings?|helps?|hurts?|lost|loses|"
    r"never|always|no unit|learns?|learned|solves?|solved|fails?|failed|barely|fast|"
    r"quickly|how little|how much|should|will|starts? dead|comes? back|moves? every)\b",
    re.IGNORECASE,
)


class StoryError(ValueError):
    """A story sentence that states a result without measuring it."""


@dataclass(frozen=True)
class Claim:
    """What a chapter measured on the live network, and whether the runbook's expectation holds there.

    holds is None where there is nothing to judge yet (no nudge, a run in progress).
    """

    text: str
    holds: bool | None = None

    @property
    def mark(self) -> str:
        """The verdict as the narration writes it inline."""
        return {True: "(✓ holds here)", False: "(✗ not on this network)"}.get(self.holds, "")


@dataclass(frozen=True)
class Say:
    """A sentence that states no fact about the network on screen."""

    text: str

    def __post_init__(self) -> None:
        found = RESULT_WORDS.search(self.text)
        if found:
            raise StoryError(f"{self.text!r} states a result ({found.group(0)!r}): make it an Expected with a measured claim")

    @property
    def sentence(self) -> str:
        """The sentence as the story reads."""
        return self.text


@dataclass(frozen=True)
class Expected:
    """What the runbook expected of the network, answered by a claim measured on the frame."""

    text: str  # what follows the opening: "the loss to barely move"
    here: Callable[[Frame], Claim]
    opening: str = RUNBOOK

    @property
    def sentence(self) -> str:
        """'The runbook expected …': what happened here is the measured line under the story."""
        return f"{self.opening} {self.text}."


Line = Say | Expected


@dataclass(frozen=True)
class Setup:
    """The state a chapter opens with; walking back to a chapter rebuilds it exactly."""

    preset: str
    seed: int = 0
    changes: dict[str, object] = field(default_factory=dict)  # config changes on top of the preset
    epochs: int = 0  # trained before the chapter opens
    grid: tuple[float, ...] | None = TOP_ROW  # TinyNet's drawing; None: the input a lab world's reset puts on screen
    lottery: tuple[int, ...] = ()  # seeds of the same recipe trained and measured before the chapter's own


@dataclass(frozen=True)
class Chapter:
    """One step of a tour: its sentences, each expectation answered by a measurement."""

    title: str
    setup: Setup
    lines: tuple[Line, ...]
    act: str  # what to try before moving on

    def __post_init__(self) -> None:
        if not self.expectations:
            raise StoryError(f"chapter {self.title!r} measures nothing: give it an Expected")

    @property
    def story(self) -> str:
        """The story as one paragraph."""
        return " ".join(line.sentence for line in self.lines)

    @property
    def expectations(self) -> tuple[Expected, ...]:
        """The sentences the frame answers, in order."""
        return tuple(line for line in self.lines if isinstance(line, Expected))

    def claims(self, frame: Frame) -> list[Claim]:
        """Each expectation's answer on this frame."""
        return [expected.here(frame) for expected in self.expectations]

    def measure(self, frame: Frame) -> Claim:
        """Every answer in one line: each but the last carries its verdict inline; the last's is the line's."""
        *earlier, last = self.claims(frame)
        text = " ".join(f"{claim.text} {claim.mark}".rstrip() for claim in earlier)
        return Claim(f"{text} {last.text}".lstrip(), last.holds)


@dataclass(frozen=True)
class Tour:
    """A runbook as a sequence of chapters."""

    name: str
    title: str
    summary: str
    chapters: tuple[Chapter, ...]

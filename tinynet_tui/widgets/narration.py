"""The tour's narration pane: the chapter's story, what it measured on the live network, what to try."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..frame import Frame
from ..tours import Chapter, Setup, Tour

KEYS_HINT = "PgDn next · PgUp back · esc ends the tour"
PROGRESS_WIDTH = 20  # characters of the setting-up progress bar
PROGRESS_FULL, PROGRESS_EMPTY = "█", "░"
# Config switches in words, for the setting-up line.
SWITCH_NAMES = {"ambiguous": "the ambiguous patterns in training"}


def change_text(name: str, value: object) -> str:
    """'lr 5', 'noise 0.15', 'hidden 8,8', 'with the ambiguous patterns in training'."""
    if isinstance(value, bool):
        return f"{'with' if value else 'without'} {SWITCH_NAMES.get(name, name)}"
    if value is None:
        return f"the world's own {name}"
    if isinstance(value, (tuple, list)):  # layer widths, input features
        return f"{name} {','.join(map(str, value))}" if value else f"no {name}"
    return f"{name} {value:g}" if isinstance(value, float) else f"{name} {value}"


def setup_text(setup: Setup) -> str:
    """'discovery · seed 2 · lr 5 · training 100 epochs'."""
    parts = [setup.preset, f"seed {setup.seed}"]
    parts += [change_text(name, value) for name, value in setup.changes.items()]
    if setup.epochs:
        parts.append(f"training {setup.epochs} epochs")
    return " · ".join(parts)


def narration(chapter: Chapter, frame: Frame | None, ready: bool, trained: int = 0) -> Text:
    """The pane's text for a chapter; its measured part comes from the frame on screen.

    While the chapter is being set up, `trained` says how many of its epochs are done.
    """
    text = Text(chapter.story + "\n")
    if not ready or frame is None:
        text.append(f"Setting up: {setup_text(chapter.setup)}…", style="italic")
        if chapter.setup.epochs:
            filled = round(PROGRESS_WIDTH * trained / chapter.setup.epochs)
            text.append("\n" + PROGRESS_FULL * filled + PROGRESS_EMPTY * (PROGRESS_WIDTH - filled), style="bold")
            text.append(f" {trained}/{chapter.setup.epochs} epochs trained")
        return text
    claim = chapter.measure(frame)
    text.append("Measured now: ", style="bold")
    text.append(claim.text)
    if claim.holds is True:
        text.append("  ✓\u00a0holds\u00a0here", style="bold green")
    elif claim.holds is False:
        text.append("  ✗\u00a0not\u00a0on\u00a0this\u00a0network", style="bold yellow")
    text.append("\n")
    text.append("Try: ", style="bold")
    text.append(chapter.act)
    return text


class TourPane(VerticalScroll):
    """Scrolls when a small terminal cannot show a whole chapter."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tour: Tour | None = None  # None when no tour is on
        self.index = 0
        self.ready = False  # the chapter's setup has reached the engine
        self._body = Static("", id="tour-text")

    def compose(self):
        """The narration text."""
        yield self._body

    @property
    def chapter(self) -> Chapter:
        """The chapter on show."""
        return self.tour.chapters[self.index]

    def open(self, tour: Tour, index: int) -> None:
        """Show a chapter while its setup runs."""
        self.tour, self.index, self.ready = tour, index, False
        self.border_title = f"Tour: {tour.name} {index + 1}/{len(tour.chapters)} · {self.chapter.title}"
        self.border_subtitle = KEYS_HINT
        self.scroll_home(animate=False)
        self._body.update(narration(self.chapter, None, ready=False))

    def show_progress(self, trained: int) -> None:
        """How far the chapter's setup has trained its network."""
        if self.tour is not None and not self.ready:
            self._body.update(narration(self.chapter, None, ready=False, trained=trained))

    def close(self) -> None:
        """No tour any more."""
        self.tour, self.ready = None, False

    def set_ready(self, frame: Frame | None) -> None:
        """The chapter's setup has reached the engine: measure from now on."""
        self.ready = True
        self.show(frame)

    def show(self, frame: Frame | None) -> None:
        """Re-measure on a new frame."""
        if self.tour is not None:
            self._body.update(narration(self.chapter, frame, self.ready))

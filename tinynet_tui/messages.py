"""Messages that carry the engine's events to the app (posted by the relay thread; post_message is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from .frame import Frame


@dataclass
class EngineReady(Message):
    """The engine is up (torch imported, network built): the first real frame."""

    frame: Frame


@dataclass
class FrameReady(Message):
    """A new frame to paint."""

    frame: Frame


@dataclass
class EngineNotice(Message):
    """Something to tell the user in a notification: a saved file, a refused command, an error."""

    text: str
    severity: str = "information"  # "information", "warning" or "error"


@dataclass
class FilesSaved(Message):
    """The engine wrote these files (a checkpoint, an export), absolute paths."""

    paths: list


@dataclass
class EngineFailed(Message):
    """The engine could not start; the app shows why and stays open so the user can read it."""

    text: str


@dataclass
class EngineDied(Message):
    """The engine process ended while the app still needed it."""

    how: str  # e.g. "it was killed (SIGKILL)"
    last_words: str  # the last line it wrote to its log (a traceback's summary), or ""
    log_path: str


@dataclass
class EngineLogged(Message):
    """The engine wrote to its log (its stderr): a warning or a traceback."""

    last_line: str
    log_path: str


@dataclass
class EnginePong(Message):
    """The engine has done every command sent before the ping with this token."""

    token: int


@dataclass
class SweepDone(Message):
    """A sweep over seeds finished: tinynet_core.batched.SeedResult for each seed."""

    recipe: str  # naming.recipe_name of what was trained
    epochs: int
    results: list


@dataclass
class CompareDone(Message):
    """The published models' answers: a frame.PublishedAnswers for each."""

    models: list


@dataclass
class RunsCompared(Message):
    """The runs kept, measured (frame.RunRow each), and where the current one differs most from each other."""

    rows: list
    sentences: list

"""Files the app makes (checkpoints, exports, screenshots): written where the user says in a
terminal; in web mode written to a private temporary folder and sent to the browser instead,
since the user's own disk is on the other end of the connection.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


class FileDelivery:
    """Where the engine should write a file, and what happens to it once written."""

    def __init__(self) -> None:
        self._folder: Path | None = None  # web mode's temporary folder, made on first use

    def target(self, app, name: str) -> str:
        """The path to write `name` to: the name itself in a terminal, a temporary file on the web."""
        if not app.is_web:
            return name
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="tinynet-tui-web-"))
        return str(self._folder / Path(name).name)

    def deliver(self, app, paths: list[str]) -> str:
        """Hand written files to the user; returns the notice that says what happened."""
        if not app.is_web:
            first, *rest = paths
            return f"Saved to {first}" + "".join(f" and {Path(path).name}" for path in rest)
        for path in paths:
            app.deliver_binary(path, save_filename=Path(path).name)
        return f"Sent {' and '.join(Path(path).name for path in paths)} to your browser."

    def screenshot(self, app, path: Path) -> str:
        """Save (terminal) or send (web) an SVG of the screen; returns the notice."""
        if app.is_web:
            app.deliver_screenshot(filename=path.name)
            return f"Sent {path.name} to your browser."
        saved = app.write_svg(path)  # safe_io's way: never over a device, a link's target kept
        return f"Screenshot saved to {saved.resolve()}"

    def clean_up(self) -> None:
        """Remove web mode's temporary folder."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

"""How the app ends when nobody presses q: on a signal, or when its web server is gone.

Either way it ends the normal way (app.exit), so the terminal is restored and the engine is
stopped; the engine also ends by itself when the app's process does (driver._end_with_parent).
"""

from __future__ import annotations

import asyncio
import os
import signal

# Signals that end the app cleanly (terminal restored, engine stopped) instead of killing it.
EXIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))
# How often a web app checks that its server is still there.
PARENT_CHECK_S = 1.0


def exit_on_signals(app) -> None:
    """SIGTERM, SIGINT and SIGHUP end the app with the shell's status for them, 128 + signal.

    Without this the default action kills the process with the terminal still on the
    alternate screen and reporting the mouse. Call it from inside the app's event loop.
    """
    loop = asyncio.get_running_loop()
    for signum in EXIT_SIGNALS:
        try:
            loop.add_signal_handler(signum, app.exit, None, 128 + signum)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            return


def exit_with_parent(app) -> None:
    """End the app once the process that started it (textual-serve's server) is gone.

    Nobody can reach a web app whose server died, and nothing else would ever stop it.
    """
    parent = os.getppid()
    app.set_interval(PARENT_CHECK_S, lambda: os.getppid() != parent and app.exit(return_code=1))

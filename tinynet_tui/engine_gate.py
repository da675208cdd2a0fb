"""Actions that need the engine: run at once when it is up, queued while it starts.

Torch takes seconds to load (8-10 s on a loaded machine); keys pressed meanwhile are played in
order once the first frame arrives, rather than lost. Once the engine has died they are refused
with the reason and the restart key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

QUEUED_NOTICE = "The engine is still starting (loading PyTorch): {count} queued; they play once it is up."


def needs_engine(action: Callable) -> Callable:
    """Decorate an app action that works on the engine's state."""

    @functools.wraps(action)
    def gated(app, *args):
        if app.engine_down is not None:
            app.notify(f"{app.engine_down} Press R to restart it with the same settings.", severity="error")
            return None
        if app.frame is None:
            app.queued_actions.append((action, args))
            count = len(app.queued_actions)
            app.notify(QUEUED_NOTICE.format(count="1 key" if count == 1 else f"{count} keys"), severity="warning")
            return None
        return action(app, *args)

    return gated


def play_queued(app) -> None:
    """Play the actions queued while the engine started, in the order they were pressed."""
    queued, app.queued_actions = app.queued_actions, []
    for action, args in queued:
        action(app, *args)

"""The app's side of the guided tours: choosing one, moving between chapters, setting each up.

A mixin for TinyNetApp, kept apart so app.py stays about panes and keys. It uses the app's
engine link, its tour pane, the last frame and the engine round-trip wait (`_synced`).
"""

from __future__ import annotations

import asyncio

from .engine_gate import needs_engine
from .screens.choice import ChoiceScreen
from .tours import TOURS, Chapter, Setup, Tour
from .tours.lab_facts import draw_ticket
from .widgets.pixel_grid import PixelGrid

# A chapter's setup waits this long for another PgDn/PgUp before it asks the engine for anything,
# so that skipping quickly through chapters sets up only the one the user stops at.
SETTLE_S = 0.25
# Epochs per engine command while a chapter trains its network: a chapter skipped mid-training
# stops after the current batch, and the pane shows how far the training has got.
TRAIN_BATCH = 100


class TourControl:
    """Tour actions for TinyNetApp: G picks a tour, PgDn/PgUp move, esc ends it.

    Which tour and chapter are on show is held by the tour pane alone.
    """

    @property
    def tour(self) -> Tour | None:
        """The tour being walked, if any."""
        return self.tour_pane.tour

    @needs_engine
    def action_choose_tour(self) -> None:
        """Pick a guided tour (or end the one under way)."""
        options = [(tour.name, f"{tour.name}: {tour.title} ({len(tour.chapters)} chapters)") for tour in TOURS.values()]
        if self.tour is not None:
            options.append(("", "End the tour (the network stays as it is)"))
        current = self.tour.name if self.tour else next(iter(TOURS))
        self.push_screen(ChoiceScreen("Guided tour (each chapter sets up its own network)", options, current), self._tour_chosen)

    @needs_engine
    def action_start_tour_named(self, name: str) -> None:
        """Start a tour by name (the command palette's Tour commands)."""
        self.start_tour(TOURS[name])

    def _tour_chosen(self, name: str | None) -> None:
        if name is None:
            return
        if name:
            self.start_tour(TOURS[name])
        else:
            self.action_end_tour()

    def start_tour(self, tour: Tour) -> None:
        """Open a tour at its first chapter."""
        self.main_screen.add_class("-touring")
        # No notice: the narration pane's border already names PgDn, PgUp and esc, and a notice
        # would cover the narration itself on a small terminal.
        self._open_chapter(tour, 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The chapter keys only work during a tour."""
        if action in ("tour_step", "end_tour"):
            return self.tour is not None
        return True

    def action_tour_step(self, direction: int) -> None:
        """The next (or previous) chapter."""
        index = self.tour_pane.index + direction
        if not 0 <= index < len(self.tour.chapters):
            where = "last" if direction > 0 else "first"
            self.notify(f"This is the {where} chapter. esc ends the tour; G picks another.", timeout=4)
            return
        self._open_chapter(self.tour, index)

    def action_end_tour(self) -> None:
        """Close the tour pane; the network stays as the last chapter left it."""
        self.tour_pane.close()
        self.main_screen.remove_class("-touring")
        self.workers.cancel_group(self, "tour")
        self.notify("Tour ended: the network stays as it is. G starts a tour again.")

    def _open_chapter(self, tour: Tour, index: int) -> None:
        self.tour_pane.open(tour, index)
        self.run_worker(self._set_up(self.tour_pane.chapter), name="tour-setup", group="tour", exclusive=True)

    async def _set_up(self, chapter: Chapter) -> None:
        """Put the engine in the state the chapter talks about, then let it measure.

        Runs as an exclusive worker: opening another chapter cancels it at its next await, so
        a skipped chapter sends nothing more to the engine.
        """
        await asyncio.sleep(SETTLE_S)
        setup = chapter.setup
        for seed in setup.lottery:  # other seeds of the recipe first, each measured once trained
            await self._train(setup, seed)
            draw_ticket(self.frame)
        await self._train(setup, setup.seed)
        self._example = -1
        await self._synced()  # the chapter's world, and so its input view, is on screen
        if setup.grid is not None:
            self.main_screen.query_one(PixelGrid).pixels = setup.grid
            self.engine.set_input(setup.grid)  # now, so the ping below comes back after it
            await self._synced()
        self.tour_pane.set_ready(self.frame)

    async def _train(self, setup: Setup, seed: int) -> None:
        """A fresh network of the chapter's recipe with this seed, trained the chapter's epochs."""
        self.engine.reset(seed=seed, preset=setup.preset, changes=dict(setup.changes))
        trained = 0
        while trained < setup.epochs:
            batch = min(TRAIN_BATCH, setup.epochs - trained)
            self.engine.train(batch)
            await self._synced()
            trained += batch
            self.tour_pane.show_progress(trained)
            if self.frame.diverged:
                break

    async def _tour_settled(self) -> None:
        """Until a tour chapter that is being set up is ready (at once when there is none)."""
        while self.tour is not None and not self.tour_pane.ready:
            await asyncio.sleep(0.02)

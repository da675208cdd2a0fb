"""The rule for "unsure", in the words and numbers the screens show it with."""

from __future__ import annotations

import math

from tinynet_core.world import UNSURE_MARGIN, Verdict

# The two outputs are separate sigmoids (the bars need not add up to 100%): the verdict is the
# larger one's share of their sum, and below this share it is "unsure" (tinynet_core.world).
SURE_PERCENT = round(100 * (0.5 + UNSURE_MARGIN))
UNSURE_RULE = f"unsure: neither output has {SURE_PERCENT}% of H+V (the % is the larger one's share of H+V)"


def share_percent(verdict: Verdict) -> int:
    """The winner's share of H+V in whole percent, on the same side of the rule as the verdict:
    rounded down, so an unsure 64.9% never reads as a sure 65%."""
    shown = math.floor(100 * verdict.confidence)
    return min(shown, SURE_PERCENT - 1) if verdict.winner == "unsure" else max(shown, SURE_PERCENT)

"""The presets tell the story of the three published models (checked on seeds 0-4)."""

import statistics

import pytest

from tinynet_core import PRESETS, preset_config
from tinynet_core.config import presets_in_world
from tinynet_core.worlds import DEFAULT_WORLD

SEEDS = range(5)


@pytest.fixture(scope="module")
def reports():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from preset_report import preset_reports

    return {name: preset_reports(name, SEEDS) for name in presets_in_world(DEFAULT_WORLD)}


def test_every_preset_has_a_summary_and_a_valid_config():
    for name, preset in PRESETS.items():
        assert preset.summary and preset_config(name) is preset.config


def test_discovery_barely_moves_in_100_epochs(reports):
    assert all(not r.solved and r.final_loss > 0.2 for r in reports["discovery"])


def test_baseline_learns_but_is_falsely_confident_on_the_stress_set(reports):
    baseline = reports["sigmoid-baseline"]
    assert sum(r.solved for r in baseline) >= 4
    assert statistics.mean(r.stress_confidence for r in baseline) > 0.75


def test_relu_v1_learns_much_faster_than_the_baseline(reports):
    def median_epochs(name):
        return statistics.median(r.epochs_to_learn for r in reports[name] if r.epochs_to_learn)

    assert median_epochs("relu-v1") < median_epochs("sigmoid-baseline") / 3


def test_relu_v2_is_right_and_less_sure_on_ambiguous_patterns(reports):
    # Compared among solved seeds: a net that learned nothing is "unsure" about everything.
    v2 = [r for r in reports["relu-v2-regularized"] if r.solved]
    baseline = [r for r in reports["sigmoid-baseline"] if r.solved]
    assert len(v2) == len(SEEDS)

    def mean(reports, field):
        return statistics.mean(getattr(r, field) for r in reports)

    assert mean(v2, "ambiguous_confidence") < mean(baseline, "ambiguous_confidence") - 0.1
    assert mean(v2, "stress_confidence") < mean(baseline, "stress_confidence") - 0.05

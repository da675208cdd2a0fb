"""The tiny world's patterns and how verdicts are judged."""

from tinynet_core.world import (
    ALL_BW_PATTERNS,
    AMBIGUOUS_TRAINING_PATTERNS,
    FUZZY_PATTERNS,
    STRESS_PATTERNS,
    TRAINING_PATTERNS,
    Verdict,
    label_of,
)


def test_training_patterns_and_targets():
    assert [(p.pixels, p.target) for p in TRAINING_PATTERNS] == [
        ((1, 1, 0, 0), (1, 0)),
        ((0, 0, 1, 1), (1, 0)),
        ((1, 0, 1, 0), (0, 1)),
        ((0, 1, 0, 1), (0, 1)),
    ]


def test_all_sixteen_patterns_are_labelled():
    assert len({p.pixels for p in ALL_BW_PATTERNS}) == 16
    labels = [p.label for p in ALL_BW_PATTERNS]
    assert labels.count("horizontal") == 2 and labels.count("vertical") == 2 and labels.count("ambiguous") == 12


def test_fuzzy_patterns_are_labelled_like_their_black_and_white_neighbours():
    assert FUZZY_PATTERNS[0].pixels == (0.8888, 0.9, 0.1112, 0.1)
    assert all(label_of(p.pixels) == p.label for p in FUZZY_PATTERNS)


def test_stress_set_is_ambiguous_and_held_out_of_ambiguous_training():
    assert {p.name for p in STRESS_PATTERNS} == {"single top-left pixel", "solid gray", "diagonal /", "diagonal \\"}
    assert all(p.label == "ambiguous" for p in STRESS_PATTERNS)
    assert not {p.pixels for p in STRESS_PATTERNS} & {p.pixels for p in AMBIGUOUS_TRAINING_PATTERNS}
    assert all(p.target == (0.5, 0.5) for p in AMBIGUOUS_TRAINING_PATTERNS)


def test_verdicts():
    assert Verdict(0.9, 0.1).winner == "horizontal"
    assert Verdict(0.2, 0.7).winner == "vertical"
    assert Verdict(0.5, 0.45).winner == "unsure"
    assert Verdict(0.9, 0.1).is_sensible("horizontal")
    assert not Verdict(0.9, 0.1).is_sensible("ambiguous")
    assert Verdict(0.52, 0.48).is_sensible("ambiguous")
    assert abs(Verdict(0.9, 0.1).confidence - 0.9) < 1e-12

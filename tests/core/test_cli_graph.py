"""`tinynet graph`: the scalar graph of nudge K of a run, as DOT."""

from __future__ import annotations

import math
import os
import re
import stat

import pytest

from tinynet_core import Trainer, preset_config
from tinynet_core.graph_dot import quoted, to_dot
from tinynet_core.scalar_graph import build_graph, node_count

from .test_cli import run

NODE_LINE = re.compile(r'^  n(\d+) \[label="((?:[^"\\]|\\.)*)"(?:, fillcolor="#[0-9a-f]{6}")?\];$')
EDGE_LINE = re.compile(r"^  n(\d+) -> n(\d+);$")


def parse(text):
    """Node labels by id and edges, failing on any line that is neither (or the fixed header)."""
    lines = text.splitlines()
    assert lines[0] == "digraph nudge {" and lines[-1] == "}"
    assert lines[1].startswith("  graph [") and lines[2].startswith("  node [")
    labels, edges = {}, []
    for line in lines[3:-1]:
        if m := NODE_LINE.match(line):
            labels[int(m[1])] = m[2].split("\\n")
        else:
            m = EDGE_LINE.match(line)
            assert m, line
            edges.append((int(m[1]), int(m[2])))
    return labels, edges


def grad_of(labels, name):
    (label,) = [lines for lines in labels.values() if lines[0] == name]
    return float(next(line for line in label if line.startswith("grad ")).split()[1])


def test_graph_of_nudge_k_has_that_nudges_gradients(capsys):
    code, out, err = run(capsys, "graph", "--preset", "relu-v1", "--seed", "2", "--nudge", "7")
    assert code == 0 and err == ""
    labels, edges = parse(out)
    assert len(labels) == node_count((4, 3, 2), "relu", "sigmoid", "mse") == 75
    record = Trainer(preset_config("relu-v1"), seed=2).nudge_many(7)
    for name, index in (("layer1.weight", (1, 2)), ("layer2.weight", (0, 1)), ("layer2.bias", (1,))):
        expected = record.params[name].grad[index].item()
        shown = grad_of(labels, f"{name}[{','.join(map(str, index))}]")
        assert math.isclose(shown, expected, rel_tol=1e-4, abs_tol=1e-7)
    assert all(a < b for a, b in edges)  # arrows run forward, from operand to result


def test_out_writes_the_file_and_says_so(capsys, tmp_path):
    target = tmp_path / "nudge.dot"
    code, out, err = run(capsys, "graph", "--preset", "playground-xor", "--out", str(target))
    assert code == 0 and out == "" and "506 nodes" in err and str(target) in err
    labels, _ = parse(target.read_text())
    assert len(labels) == 506  # 10 examples a nudge: every one is in the picture


def test_a_read_only_file_is_refused_before_training(capsys, tmp_path):
    target = tmp_path / "kept.dot"
    target.write_text("mine")
    target.chmod(stat.S_IRUSR)
    code, _, err = run(capsys, "graph", "--out", str(target))
    assert code == 2 and err.count("\n") == 1 and "read-only" in err
    assert target.read_text() == "mine"
    code, _, _ = run(capsys, "graph", "--out", str(target), "--overwrite-read-only")
    assert code == 0 and target.read_text().startswith("digraph")


def test_svg_without_graphviz_is_one_line_and_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run(capsys, "graph", "--out", str(tmp_path / "g.svg"))
    assert code == 2 and err.count("\n") == 1 and "Graphviz" in err and "not installed" in err
    assert not (tmp_path / "g.svg").exists()


def test_svg_goes_through_dot_where_it_is_installed(capsys, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"  # stands in for Graphviz: checks it is asked for SVG, answers with the DOT it read
    fake.write_text('#!/bin/sh\n[ "$1" = "-Tsvg" ] || exit 3\necho "<svg>"; cat; echo "</svg>"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    code, _, _ = run(capsys, "graph", "--out", str(tmp_path / "g.svg"))
    text = (tmp_path / "g.svg").read_text()
    assert code == 0 and text.startswith("<svg>\ndigraph nudge {") and "layer1.weight[0,0]" in text


def test_a_graph_too_big_to_draw_is_refused_and_one_route_offered(capsys, tmp_path):
    code, _, err = run(capsys, "graph", "--preset", "digits-mlp")
    assert code == 2 and err.count("\n") == 1 and "79,611 nodes" in err and "--to" in err
    target = tmp_path / "route.dot"
    code, _, _ = run(capsys, "graph", "--preset", "digits-mlp", "--to", "layer2.weight[3,4]", "--out", str(target))
    labels, edges = parse(target.read_text())
    names = {lines[0] for lines in labels.values()}
    assert code == 0 and {"layer2.weight[3,4]", "loss"} <= names and "layer1.weight[0,0]" not in names
    assert len(labels) < 1000 and edges


@pytest.mark.parametrize("argv,message", [
    (["--to", "layer3.weight[0,0]"], "has no parameter 'layer3.weight[0,0]'"),
    (["--nudge", "0"], "--nudge: must be from 1"),
    (["--preset", "nope"], "unknown preset"),
    (["--out", ""], "must not be empty"),
])
def test_bad_arguments_are_one_line_and_status_2(capsys, argv, message):
    code, _, err = run(capsys, "graph", *argv)
    assert code == 2 and err.count("\n") == 1 and message in err


def test_a_run_that_diverges_before_nudge_k_exits_1(capsys, monkeypatch):
    import tinynet_core.commands as commands

    monkeypatch.setattr(commands, "preset_config", lambda name: preset_config("discovery").replace(lr=1e30))
    code, out, err = run(capsys, "graph", "--nudge", "50")
    assert code == 1 and out == "" and "before nudge 50" in err


def test_labels_cannot_break_out_of_their_string():
    evil = 'x"]; n0 -> n1; pwn [label="\\\n}'
    graph = build_graph({"layer1.weight": [[1.0]], "layer1.bias": [0.0]}, [1.0], [0.5], "relu", "linear", "mse")
    graph.nodes[0].name = evil
    labels, _ = parse(to_dot(graph, title=evil))
    assert len(labels) == len(graph.nodes)
    assert labels[0][0] == quoted(evil)[1:-1] == 'x\\"]; n0 -> n1; pwn [label=\\"\\\\ }'


def test_the_same_preset_and_seed_give_the_same_graph_bit_for_bit(capsys):
    first = run(capsys, "graph", "--preset", "relu-v2-regularized", "--seed", "4", "--nudge", "9")
    second = run(capsys, "graph", "--preset", "relu-v2-regularized", "--seed", "4", "--nudge", "9")
    other = run(capsys, "graph", "--preset", "relu-v2-regularized", "--seed", "5", "--nudge", "9")
    assert first == second and first[1] != other[1]


def test_in_a_batch_every_example_s_nodes_say_which_example(capsys):
    code, out, _ = run(capsys, "graph", "--preset", "playground-gauss")  # 10 examples a nudge
    labels, _ = parse(out)
    inputs = [lines for lines in labels.values() if "input" in lines]
    assert code == 0 and len(inputs) == 20
    assert sorted(lines[0] for lines in inputs) == sorted(f"example {e}" for e in range(10) for _ in range(2))
    assert not any(lines[0].startswith("example") for lines in labels.values() if "param" in lines)

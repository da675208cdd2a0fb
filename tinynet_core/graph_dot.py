"""A nudge's scalar graph as Graphviz DOT (and SVG through Graphviz's `dot`, where it is installed)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Collection

from .errors import InputError
from .scalar_graph import Node, ScalarGraph

DOT_TIMEOUT_S = 120  # `dot` lays out a few thousand nodes in seconds; a hung one must not hang us
MAX_SHARES_SHOWN = 3  # a sum of more shares is given as its count
LEAF_COLOURS = {"param": "#dbe8ff", "input": "#e6f5e1", "target": "#f2f2f2"}
SUMMED_COLOUR = "#fff1c9"  # a gradient that arrived by two or more routes


class GraphvizMissing(InputError):
    """SVG was asked for where Graphviz's `dot` is not installed."""


def quoted(text: str) -> str:
    """A DOT string that shows `text` as it is: quotes and backslashes escaped, control characters blanked."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return '"' + printable.replace("\\", "\\\\").replace('"', '\\"') + '"'


def node_lines(node: Node, batched: bool = False) -> list[str]:
    """What a node's box says: its example (in a batch), its name, its operation, its value and its gradient."""
    lines = [f"example {node.example}"] if batched and node.example is not None else []
    lines += [node.name] if node.name else []
    lines += [node.op, f"value {node.value:.6g}", f"grad {node.grad:.6g}"]
    shares = [share for _, share in node.contributions]
    if len(shares) > MAX_SHARES_SHOWN:
        lines.append(f"= a sum of {len(shares)} shares")
    elif len(shares) > 1:
        lines.append("= " + " + ".join(f"{share:.4g}" for share in shares))
    return lines


def to_dot(graph: ScalarGraph, title: str = "", only: Collection[int] | None = None) -> str:
    """DOT text for the whole graph, or for the nodes in `only` (a route) and the arrows between them."""
    kept = range(len(graph.nodes)) if only is None else sorted(only)
    batched = len(graph.inputs) > 1
    keep = set(kept)
    out = ["digraph nudge {", "  graph [rankdir=LR, labelloc=t" + (f", label={quoted(title)}" if title else "") + "];"]
    out.append('  node [shape=box, fontname="monospace", fontsize=10, style=filled, fillcolor=white];')
    for i in kept:
        node = graph.nodes[i]
        # Each line is escaped on its own, then joined by DOT's own newline escape.
        label = '"' + "\\n".join(quoted(line)[1:-1] for line in node_lines(node, batched)) + '"'
        colour = LEAF_COLOURS.get(node.op, SUMMED_COLOUR if len(node.contributions) > 1 else None)
        out.append(f"  n{i} [label={label}" + (f', fillcolor="{colour}"' if colour else "") + "];")
    for i in kept:
        for operand in graph.nodes[i].operands:
            if operand in keep:
                out.append(f"  n{operand} -> n{i};")  # arrows point forward: what feeds what
    out.append("}")
    return "\n".join(out) + "\n"


def require_dot() -> str:
    """The path of Graphviz's `dot`, or GraphvizMissing in one line."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing("SVG needs Graphviz's `dot` program, which is not installed here; write a .dot file and draw it where Graphviz is (dot -Tsvg FILE.dot)")
    return dot


def svg_from_dot(dot_text: str) -> bytes:
    """Graphviz's SVG of DOT text; GraphvizMissing (one line) where `dot` is not installed."""
    dot = require_dot()
    try:
        done = subprocess.run([dot, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"Graphviz's dot took more than {DOT_TIMEOUT_S} s to draw the graph; write a .dot file instead") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"Graphviz's dot failed: {reason[0] if reason else f'exit status {done.returncode}'}")
    return done.stdout

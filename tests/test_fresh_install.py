"""The declared dependencies are enough: the built wheel, alone in an empty venv, trains, saves,
loads, evaluates and plays a script headless, printing no warning.

It runs twice: with the newest allowed versions, and with every direct dependency pinned to the
lowest version pyproject.toml allows (scripts/lowest_constraints.py), so that each `>=` is a
version seen to work. Each run makes a venv and installs torch into it (about a minute), so the
module is skipped unless TINYNET_FRESH_INSTALL=1; `.ci/run` sets it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The CPU build that CI installs (see the README's quick start).
TORCH = "torch==2.13.0"
INSTALL_TIMEOUT_S = 900
COMMAND_TIMEOUT_S = 180
SMOKE_SCRIPT = "key n n n\ntype 0.5\nkey e\nscreenshot smoke\n"
VERSION = "from importlib.metadata import version; print(version('tinynet-tui'))"

pytestmark = pytest.mark.skipif(
    os.environ.get("TINYNET_FRESH_INSTALL") != "1",
    reason="builds venvs and installs torch (minutes); set TINYNET_FRESH_INSTALL=1 (.ci/run does)",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project built as a wheel, exactly as a user's pip would build it."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)], timeout=INSTALL_TIMEOUT_S)
    (built,) = out.glob("tinynet_tui-*.whl")
    return built


@pytest.fixture(scope="module", params=["newest", "lowest"])
def fresh_venv(request, wheel, tmp_path_factory) -> Path:
    """An empty venv (no system site-packages) holding the wheel and what it declares."""
    home = tmp_path_factory.mktemp(f"venv-{request.param}")
    venv.create(home, with_pip=True, clear=True)
    pip = [str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if request.param == "lowest":
        pins = _run([sys.executable, str(ROOT / "scripts" / "lowest_constraints.py")]).stdout
        constraints = home / "lowest.txt"
        constraints.write_text(pins)
        pip += ["--constraint", str(constraints)]
    _run(pip + [TORCH, str(wheel)], timeout=INSTALL_TIMEOUT_S)
    return home


def _run(command: list[str], cwd: Path | None = None, timeout: float = COMMAND_TIMEOUT_S, env: dict | None = None):
    """Run a command; fail the test with its output if it does not exit 0."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert result.returncode == 0, f"{command[:3]}… exited {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def _clean_env(home: Path) -> dict[str, str]:
    """The user's environment with the venv first on PATH and nothing pointing at the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "TINYNET"))}
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_the_installed_package_is_the_wheel_not_the_checkout(fresh_venv, tmp_path):
    env = _clean_env(fresh_venv)
    where = _run([str(fresh_venv / "bin" / "python"), "-c", "import tinynet_core, tinynet_tui; print(tinynet_core.__file__)"], cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(fresh_venv)


def test_train_save_load_eval_and_a_headless_script_print_no_warning(fresh_venv, tmp_path):
    env = _clean_env(fresh_venv)
    tinynet, app = str(fresh_venv / "bin" / "tinynet"), str(fresh_venv / "bin" / "tinynet-tui")
    for command in (tinynet, app):
        answered = _run([command, "--version"], cwd=tmp_path, env=env)
        assert answered.stdout.split()[-1] == _run([str(fresh_venv / "bin" / "python"), "-c", VERSION], env=env).stdout.strip()

    trained = _run([tinynet, "train", "--preset", "sigmoid-baseline", "--epochs", "30", "--out", "net.safetensors", "--json"], cwd=tmp_path, env=env)
    assert trained.stderr == ""
    assert len(json.loads(trained.stdout)["loss_history"]) == 30

    evaluated = _run([tinynet, "eval", "net.safetensors", "--json"], cwd=tmp_path, env=env)
    assert evaluated.stderr == ""
    assert {"training", "stress"} <= set(json.loads(evaluated.stdout)["sets"])

    (tmp_path / "smoke.txt").write_text(SMOKE_SCRIPT)
    (tmp_path / "shots").mkdir()
    played = _run(
        [app, "--load", "net.safetensors", "--script", "smoke.txt", "--headless", "--screenshot-dir", "shots"],
        cwd=tmp_path, env=env,
    )
    assert played.stderr == ""
    assert "<svg" in (tmp_path / "shots" / "smoke.svg").read_text()

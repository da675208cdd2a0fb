"""The `tinynet` command as a good CLI tool: quick help, a version, distinct exit codes, a true median."""

import subprocess
import sys

import pytest

from tinynet_core import cli
from tinynet_core.cli import EXIT_DIVERGED, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, main
from tinynet_core.commands import loss_quantiles


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running code."""
    probe = code + "\nimport sys; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    return set(result.stdout.split())


def test_importing_the_parser_does_not_import_torch():
    modules = _modules_after("from tinynet_core.cli import build_parser; build_parser()")
    assert "tinynet_core.cli" in modules and "torch" not in modules


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["train", "--lr", "nope"], ["frobnicate"]])
def test_help_version_and_bad_arguments_do_not_import_torch(argv):
    code = f"from tinynet_core.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    modules = _modules_after(code)
    assert "tinynet_core.options" in modules and "torch" not in modules


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"tinynet {cli.version()}"


def test_exit_codes_are_distinct():
    codes = [EXIT_OK, EXIT_DIVERGED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED]
    assert codes == [0, 1, 2, 70, 130]


def test_an_internal_error_is_one_line_and_a_log_never_status_0(capsys, monkeypatch, tmp_path):
    import tinynet_core.commands

    def broken(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(tinynet_core.commands, "_cmd_presets", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    code = main(["presets"])
    err = capsys.readouterr().err
    assert code == EXIT_INTERNAL
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError: a bug" in err and "Traceback" not in err
    logs = list(tmp_path.glob("tinynet-crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err and "ZeroDivisionError" in logs[0].read_text()


def test_ctrl_c_exits_130(capsys, monkeypatch):
    import tinynet_core.commands

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(tinynet_core.commands, "_cmd_presets", interrupted)
    assert main(["presets"]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "tinynet: interrupted\n"


def test_sweep_median_is_the_statistics_median():
    quantiles = loss_quantiles([4.0, 1.0, 3.0, 2.0])
    assert quantiles["median"] == 2.5
    assert (quantiles["min"], quantiles["max"]) == (1.0, 4.0)
    assert quantiles["q25"] == 1.75 and quantiles["q75"] == 3.25


def test_sweep_quantiles_of_one_and_of_none():
    assert set(loss_quantiles([0.5]).values()) == {0.5}
    assert set(loss_quantiles([]).values()) == {None}


@pytest.mark.parametrize("seeds", ["4", "13", "16"])
def test_sweep_with_as_many_seeds_as_patterns(capsys, seeds):
    # N networks and N patterns were once confused by shape: a traceback for --seeds 4.
    code = main(["sweep", "--seeds", seeds, "--epochs", "2", "--json"])
    assert code == EXIT_OK, capsys.readouterr().err


def test_a_reader_that_leaves_early_gets_status_141_and_no_traceback():
    # `tinynet eval relu-v1 | head -1`: the pipe closes while tinynet is still printing.
    process = subprocess.Popen([sys.executable, "-m", "tinynet_core.cli", "eval", "relu-v1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(20)
    process.stdout.close()
    assert process.wait(timeout=120) == 141
    assert process.stderr.read() == b""

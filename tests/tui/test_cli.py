"""tinynet-tui's command line: bad options exit 2 with one line before the UI starts."""

import shutil
import subprocess

import pytest

from tinynet_tui.__main__ import main, parse_options


def test_good_options():
    options, args = parse_options(["--preset", "relu-v1", "--seed", "4", "--lr", "0.2", "--fps", "5"])
    assert args.fps == 5
    assert (options.preset, options.seed, options.config["lr"], options.device) == ("relu-v1", 4, 0.2, "cpu")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--preset", "nope"], "unknown preset"),
        (["--lr", "0"], "--lr"),
        (["--lr", "1e31"], "learning rate"),
        (["--seed", "-1"], "--seed"),
        (["--device", "tpu"], "unknown device"),
        (["--load", "/no/such.safetensors"], "no such file"),
        (["--bogus"], "unrecognized arguments"),
        (["--fps", "0"], "--fps"),
        (["--fps", "fast"], "--fps"),
        (["--tour", "nope"], "invalid choice"),
        (["--tour", "discovery", "--load", "relu-v1"], "does not take --load"),
    ],
)
def test_bad_options_exit_2_with_one_line(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.startswith("tinynet-tui: error:") and err.count("\n") == 1 and message in err


@pytest.mark.skipif(shutil.which("tinynet-tui") is None, reason="package not installed")
def test_console_script_refuses_a_pickle_without_traceback(tmp_path):
    bad = tmp_path / "m.pt"
    bad.write_bytes(b"PK\x03\x04rest")
    result = subprocess.run(["tinynet-tui", "--load", str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "PyTorch pickle" in result.stderr


def test_web_mode_passes_every_option_but_its_own_to_each_tab_s_app():
    from tinynet_tui.__main__ import app_arguments

    argv = ["--web", "--port", "8123", "--world", "spiral-3", "--hidden", "8,8", "--load=x.safetensors", "--port=9", "--seed", "3"]
    assert app_arguments(argv) == ["--world", "spiral-3", "--hidden", "8,8", "--seed", "3"]

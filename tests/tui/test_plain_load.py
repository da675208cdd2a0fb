"""The app's loading paths (--load, and the engine's load behind `o`) open a plain state_dict file."""

from tests.core.test_plain_state_dict import plain_file
from tinynet_tui.__main__ import parse_options
from tinynet_tui.driver import StartOptions

from .test_hostile_engine import engine_events


def test_tinynet_tui_load_opens_it_with_a_notice(tmp_path):
    path, tensors = plain_file(tmp_path)
    options, _ = parse_options(["--load", str(path)])
    events = engine_events(options=options)
    kinds = [event[0] for event in events]
    assert kinds[:2] == ["ready", "notice"] and kinds[-1] == "stopped"
    frame = events[0][1]
    assert frame.config["activation"] == "sigmoid"
    assert frame.values["layer1.weight"] == tensors["layer1.weight"].tolist()
    assert "plain state_dict" in events[1][1] and events[1][2] == "warning"


def test_the_apps_open_key_path_opens_it_with_a_notice(tmp_path):
    path, tensors = plain_file(tmp_path)
    events = engine_events(("load", str(path)))
    frame = [e[1] for e in events if e[0] == "frame"][-1]
    notice = [e for e in events if e[0] == "notice"][-1]
    assert frame.values["layer2.bias"] == tensors["layer2.bias"].tolist()
    assert "plain state_dict" in notice[1] and "a picks another activation" in notice[1]

"""The shipped models are exactly what their presets and seeds train to."""

import sys
from pathlib import Path

import pytest
import torch

from tinynet_core import load_trainer
from tinynet_core.evaluation import report
from tinynet_core.published import PUBLISHED, published_path, resolve_model

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from make_models import train_published  # noqa: E402


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_shipped_model_matches_a_fresh_retrain(name):
    shipped = load_trainer(published_path(name))
    retrained = train_published(name)
    assert shipped.seed == PUBLISHED[name] and shipped.config == retrained.config
    assert shipped.epochs_done == retrained.config.epochs
    for tensor_name, tensor in retrained.parameters().items():
        assert torch.allclose(shipped.parameters()[tensor_name], tensor, atol=1e-6, rtol=0), tensor_name
    assert report(shipped).solved


def test_names_resolve_to_shipped_files_and_paths_stay_paths():
    assert Path(resolve_model("relu-v1")).exists()
    assert resolve_model("some/file.safetensors") == "some/file.safetensors"

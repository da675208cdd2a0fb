"""Device choice: auto falls back to the CPU; an explicit device that is absent is a clear error."""

import pytest
import torch

from tinynet_core import DeviceError, Trainer, resolve_device
from tinynet_core import device as device_module


def test_auto_prefers_cuda_then_mps_then_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(device_module, "mps_available", lambda: False)
    assert resolve_device("auto").type == "cpu"
    monkeypatch.setattr(device_module, "mps_available", lambda: True)
    assert resolve_device("auto").type == "mps"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto").type == "cuda"


def test_explicit_missing_devices_are_clear_errors(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(device_module, "mps_available", lambda: False)
    with pytest.raises(DeviceError, match="no CUDA GPU"):
        resolve_device("cuda")
    with pytest.raises(DeviceError, match="MPS is not available"):
        resolve_device("mps")
    with pytest.raises(DeviceError, match="unknown device"):
        resolve_device("tpu-ish")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_training_matches_cpu_and_records_come_back_on_cpu():
    cpu, gpu = Trainer(seed=3), Trainer(seed=3, device="cuda")
    record = gpu.nudge()
    cpu.nudge()
    assert record.input.device.type == "cpu" and record.after.device.type == "cpu"
    gpu.train(20)
    cpu.train(20)
    for name, tensor in cpu.parameters().items():
        assert torch.allclose(gpu.parameters()[name], tensor, atol=1e-5)

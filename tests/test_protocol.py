"""Only plain data crosses the sandbox channel: the codec cannot express anything else, and refuses
forged frames."""
from __future__ import annotations

import json
import math
import pickle
import socket
import struct
import time

import pytest
import torch

from autograder.sandbox import protocol


class Sneaky(torch.Tensor):
    pass


class Payload:
    def __reduce__(self):
        return (print, ("pwned",))


def roundtrip(obj):
    frame = protocol.encode(obj)
    return protocol.decode(frame[protocol.HEADER.size:])


def test_plain_data_round_trips_as_exact_tensors():
    x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    back = roundtrip({"x": x, "items": [1, 2.5, "s", None, (1, 2)], "dtype": torch.float16})
    assert type(back["x"]) is torch.Tensor and torch.equal(back["x"], x) and back["x"].requires_grad
    assert back["items"] == [1, 2.5, "s", None, (1, 2)] and back["dtype"] is torch.float16


def test_special_values_round_trip():
    x = torch.randn(3)
    back = roundtrip([float("nan"), float("-inf"), 1 + 2j, torch.Size([2, 3]), torch.device("cpu"), {7: "int key"},
                      torch.empty(0, 4), torch.tensor(True), torch.randn(3).bfloat16(), x, x])
    assert math.isnan(back[0]) and back[1] == float("-inf") and back[2] == 1 + 2j and back[3] == (2, 3)
    assert back[4] == torch.device("cpu") and back[5] == {7: "int key"} and back[6].shape == (0, 4)
    assert back[7].dtype is torch.bool and back[8].dtype is torch.bfloat16
    assert back[9] is back[10] and torch.equal(back[9], x)  # one tensor sent twice arrives as one object


@pytest.mark.parametrize("obj", [torch.ones(2).as_subclass(Sneaky), Payload(), {"f": print}],
                         ids=["tensor subclass", "object with __reduce__", "function"])
def test_anything_else_cannot_be_sent(obj):
    with pytest.raises(protocol.Unsendable):
        protocol.encode(obj)


def _frame(header: dict, body: bytes = b"") -> bytes:
    text = json.dumps(header).encode()
    return struct.pack("!I", len(text)) + text + body


@pytest.mark.parametrize("payload", [
    pickle.dumps(Payload()),
    _frame({"v": {"T": 0}, "tensors": [["float32", [4], "cpu", False, 0, 16]]}),  # bytes missing
    _frame({"v": {"T": 0}, "tensors": [["float32", [5], "cpu", False, 0, 16]]}, b"\0" * 16),  # shape/size mismatch
    _frame({"v": {"T": 0}, "tensors": [["object", [1], "cpu", False, 0, 8]]}, b"\0" * 8),  # unknown dtype
    _frame({"v": {"T": 0}, "tensors": [["int64", [1], "cpu", True, 0, 8]]}, b"\0" * 8),  # int requiring grad
    _frame({"v": {"T": 0}, "tensors": [["float32", [1], "meta", False, 0, 4]]}, b"\0" * 4),  # odd device
    _frame({"v": {"py": "os.system"}, "tensors": []}),  # unknown tag
    _frame({"v": {"d": [[[1], 2]]}, "tensors": []}),  # unhashable key
], ids=["pickle", "short", "mismatch", "dtype", "int grad", "device", "tag", "key"])
def test_forged_frames_are_refused(payload):
    with pytest.raises(protocol.BadFrame):
        protocol.decode(payload)


def test_a_silent_peer_hits_the_deadline():
    ours, theirs = socket.socketpair()
    started = time.monotonic()
    with pytest.raises(protocol.ChannelTimeout):
        protocol.recv(ours, deadline=time.monotonic() + 0.2)
    assert time.monotonic() - started < 2
    theirs.close()
    with pytest.raises(protocol.ChannelClosed):
        protocol.recv(ours, deadline=time.monotonic() + 1)


def test_oversized_frames_are_refused():
    ours, theirs = socket.socketpair()
    theirs.sendall(protocol.HEADER.pack(protocol.MAX_FRAME_BYTES + 1))
    with pytest.raises(protocol.BadFrame, match="over the"):
        protocol.recv(ours, deadline=time.monotonic() + 1)

"""Only plain data crosses from the sandbox: torch.load(weights_only=True) refuses the rest."""
from __future__ import annotations

import socket
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


@pytest.mark.parametrize("obj", [torch.ones(2).as_subclass(Sneaky), Payload()], ids=["tensor subclass", "pickled code"])
def test_anything_else_is_refused(obj):
    with pytest.raises(protocol.BadFrame):
        roundtrip(obj)


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

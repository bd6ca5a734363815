"""Framing for the judge <-> sandbox channel.

Each message is one frame of ``codec`` (JSON structure plus raw tensor bytes, no pickle) behind an
8-byte length: only plain data crosses (tensors rebuilt as exact ``torch.Tensor``, numbers, strings,
lists, tuples, dicts, dtypes, devices); code and tensor subclasses cannot be expressed at all.
"""
from __future__ import annotations

import select
import socket
import struct
import time

from autograder.sandbox import codec

HEADER = struct.Struct("!Q")
MAX_FRAME_BYTES = 256 * 1024 * 1024


class ChannelClosed(Exception):
    """The other side went away (for the judge: the sandbox died)."""


class ChannelTimeout(Exception):
    """No complete answer before the deadline."""


class BadFrame(Exception):
    """The other side sent something that is not plain data."""


Unsendable = codec.Unsendable  # encode() of something that is not plain data


def encode(obj) -> bytes:
    payload = codec.encode(obj)
    return HEADER.pack(len(payload)) + payload


def decode(payload: bytes):
    try:
        return codec.decode(payload)
    except codec.Malformed as exc:
        raise BadFrame(str(exc)) from exc
    except (MemoryError, RecursionError, OverflowError) as exc:  # a hostile frame: still just a bad frame
        raise BadFrame(type(exc).__name__) from exc


def send(sock: socket.socket, obj) -> None:
    sock.sendall(encode(obj))


def _recv_exactly(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    chunks, remaining = [], size
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([sock], [], [], left)[0]:
                raise ChannelTimeout()
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise ChannelClosed()
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def recv(sock: socket.socket, deadline: float | None = None):
    """One message; ``deadline`` is a ``time.monotonic()`` value or None for no limit."""
    (size,) = HEADER.unpack(_recv_exactly(sock, HEADER.size, deadline))
    if size > MAX_FRAME_BYTES:
        raise BadFrame(f"message of {size} bytes is over the {MAX_FRAME_BYTES}-byte limit")
    return decode(_recv_exactly(sock, size, deadline))

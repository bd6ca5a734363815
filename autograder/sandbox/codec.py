"""Plain data to bytes and back, for the judge <-> sandbox channel: JSON for the structure, raw bytes
for tensors. No pickle anywhere, so a frame from a hostile sandbox can at worst be malformed.

What crosses: None, bool, int, float (nan and inf included), complex, str, list, tuple, dict,
torch.dtype, torch.device, torch.Size (as a tuple) and tensors (exact ``torch.Tensor``: dtype, shape,
device, requires_grad; a tensor that appears twice arrives as one object, as with ``torch.save``).
Anything else is refused by ``encode``. ``torch.save``/``torch.load(weights_only=True)`` did the same
job through a zip archive and a Python unpickler and cost ~10x more per small tensor: an optimizer
trajectory of a few hundred small tensors took longer to decode than to compute.

Frame: 4-byte header length, the JSON header, then each tensor's bytes, 16-byte aligned.
"""
from __future__ import annotations

import json
import math
import struct

import torch

_LENGTH = struct.Struct("!I")
_ALIGN = 16
_DTYPES = {str(dtype).removeprefix("torch."): dtype for dtype in (
    torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128,
    torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool,
)}
MAX_DEPTH = 32


class Unsendable(TypeError):
    """The object holds something that is not plain data."""


class Malformed(ValueError):
    """The bytes are not a frame this codec wrote."""


def encode(obj) -> bytes:
    tensors: list[torch.Tensor] = []
    seen: dict[int, int] = {}

    def tree(value, depth):
        if depth > MAX_DEPTH:
            raise Unsendable("structure nested too deeply")
        kind = type(value)
        if value is None or kind in (bool, int, str):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"f": repr(value)}
        if kind is list:
            return [tree(item, depth + 1) for item in value]
        if kind in (tuple, torch.Size):
            return {"t": [tree(item, depth + 1) for item in value]}
        if kind is dict:
            return {"d": [[tree(k, depth + 1), tree(v, depth + 1)] for k, v in value.items()]}
        if kind is torch.Tensor:
            if id(value) not in seen:
                seen[id(value)] = len(tensors)
                tensors.append(value)
            return {"T": seen[id(value)]}
        if kind is torch.dtype:
            return {"dt": str(value).removeprefix("torch.")}
        if kind is torch.device:
            return {"dv": str(value)}
        if kind is complex:
            return {"c": [tree(value.real, depth + 1), tree(value.imag, depth + 1)]}
        raise Unsendable(f"cannot send a {kind.__name__}")

    structure = tree(obj, 0)
    metas, blobs, offset = [], [], 0
    for tensor in tensors:
        if tensor.dtype not in _DTYPES.values():
            raise Unsendable(f"cannot send a {tensor.dtype} tensor")
        data = tensor.detach().to("cpu").contiguous().reshape(-1)
        raw = data.view(torch.uint8).numpy().tobytes() if data.numel() else b""
        metas.append([str(tensor.dtype).removeprefix("torch."), list(tensor.shape), str(tensor.device),
                      bool(tensor.requires_grad), offset, len(raw)])
        padding = -len(raw) % _ALIGN
        blobs.append(raw + b"\0" * padding)
        offset += len(raw) + padding
    header = json.dumps({"v": structure, "tensors": metas}, separators=(",", ":")).encode()
    return _LENGTH.pack(len(header)) + header + b"".join(blobs)


def decode(payload: bytes):
    if len(payload) < _LENGTH.size:
        raise Malformed("frame too short")
    (header_size,) = _LENGTH.unpack_from(payload)
    body_start = _LENGTH.size + header_size
    if body_start > len(payload):
        raise Malformed("header runs past the frame")
    try:
        header = json.loads(payload[_LENGTH.size:body_start])
        structure, metas = header["v"], header["tensors"]
    except (ValueError, KeyError, TypeError) as exc:
        raise Malformed(f"bad header: {exc}") from None
    body = bytearray(payload[body_start:])  # writable: torch.frombuffer refuses read-only buffers
    tensors = [_tensor(meta, body) for meta in metas]
    return _value(structure, tensors, 0)


def _tensor(meta, body: bytearray) -> torch.Tensor:
    try:
        dtype_name, shape, device, requires_grad, offset, size = meta
        dtype = _DTYPES[dtype_name]
        shape = [int(s) for s in shape]
    except (ValueError, KeyError, TypeError) as exc:
        raise Malformed(f"bad tensor description: {exc}") from None
    if any(s < 0 for s in shape) or type(offset) is not int or type(size) is not int or offset < 0 or offset + size > len(body):
        raise Malformed("tensor bytes out of range")
    numel = math.prod(shape)
    if numel * dtype.itemsize != size:
        raise Malformed("tensor size does not match its shape")
    if numel == 0:
        tensor = torch.empty(shape, dtype=dtype)
    else:
        tensor = torch.frombuffer(body, dtype=torch.uint8, count=size, offset=offset).view(dtype).reshape(shape).clone()
    if device != "cpu":
        try:
            if torch.device(device).type != "cuda":
                raise ValueError("only cpu and cuda tensors cross")
            tensor = tensor.to(torch.device(device))
        except (RuntimeError, ValueError, TypeError) as exc:
            raise Malformed(f"bad device {device!r}: {exc}") from None
    if requires_grad is True:
        if not (dtype.is_floating_point or dtype.is_complex):
            raise Malformed("only floating-point tensors can require gradients")
        tensor.requires_grad_(True)
    return tensor


def _value(node, tensors: list[torch.Tensor], depth: int):
    if depth > MAX_DEPTH:
        raise Malformed("structure nested too deeply")
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is list:
        return [_value(item, tensors, depth + 1) for item in node]
    if type(node) is dict and len(node) == 1:
        (tag, content), = node.items()
        try:
            if tag == "t":
                return tuple(_value(item, tensors, depth + 1) for item in content)
            if tag == "d":
                return {_value(k, tensors, depth + 1): _value(v, tensors, depth + 1) for k, v in content}
            if tag == "T":
                return tensors[content]
            if tag == "f" and content in ("nan", "inf", "-inf"):
                return float(content)
            if tag == "dt":
                return _DTYPES[content]
            if tag == "dv":
                return torch.device(content)
            if tag == "c":
                return complex(*(_value(part, tensors, depth + 1) for part in content))
        except (ValueError, KeyError, TypeError, IndexError, RuntimeError) as exc:
            raise Malformed(f"bad {tag!r} value: {exc}") from None
    raise Malformed(f"unknown node {str(node)[:80]!r}")

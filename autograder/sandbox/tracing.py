"""Which torch calls a student's function made, at two levels (see DESIGN.md).

* aten ops, through a ``TorchDispatchMode``: every alias of ``softmax`` ends in ``aten._softmax``;
* Python functions under ``torch/`` through ``sys.setprofile``: ``F.dropout`` and ``nn.init``
  decompose into the same aten ops an honest student uses, so only their Python frames give them away.

The trace only reports; the judge decides what is forbidden.
"""
from __future__ import annotations

import os
import sys

import torch
from torch.utils._python_dispatch import TorchDispatchMode

TORCH_DIR = os.path.dirname(torch.__file__) + os.sep


class _AtenRecorder(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.ops: set[str] = set()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.add(func.overloadpacket.__name__)
        return func(*args, **(kwargs or {}))


class CallTrace:
    """Context manager recording aten ops and Python calls into watched torch files."""

    def __init__(self, watched_files: tuple[str, ...] = ()):
        # "torch/nn/init.py" -> ".../site-packages/torch/nn/init.py"
        self._watched = tuple(TORCH_DIR + w.split("/", 1)[1] for w in watched_files if w.startswith("torch/"))
        self._aten = _AtenRecorder()
        self.python_calls: set[str] = set()
        self.tampered: list[str] = []

    def _profile(self, frame, event, arg):
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(self._watched):
                self.python_calls.add("torch/" + filename[len(TORCH_DIR):].replace(os.sep, "/") + ":" + frame.f_code.co_name)

    def __enter__(self):
        self._aten.__enter__()
        if self._watched:
            sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc):
        if self._watched:
            if sys.getprofile() != self._profile:  # bound methods are equal, never identical
                self.tampered.append("the Python call trace was removed during the call")
            sys.setprofile(None)
        try:
            self._aten.__exit__(*exc)
        except Exception:  # the mode stack was changed under us
            self.tampered.append("the torch dispatch trace was removed during the call")
        return False

    def report(self) -> dict:
        return {"aten": sorted(self._aten.ops), "python": sorted(self.python_calls), "tampered": self.tampered}

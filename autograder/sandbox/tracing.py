"""Which torch calls a student's function made, at two levels (see DESIGN.md).

* aten ops, through a ``TorchDispatchMode``: every alias of ``softmax`` ends in ``aten._softmax``;
* Python functions under ``torch/`` through ``sys.setprofile``: ``F.dropout`` and ``nn.init``
  decompose into the same aten ops an honest student uses, so only their Python frames give them away.

The trace only reports; the judge decides what is forbidden.
"""
from __future__ import annotations

import os
import sys
import threading

import torch
from torch.utils._python_dispatch import TorchDispatchMode

TORCH_DIR = os.path.dirname(torch.__file__) + os.sep
_setprofile, _getprofile = sys.setprofile, sys.getprofile  # ours, before any tripwire wraps them

# Ways to switch the trace off from inside the traced call. None is ordinary tensor code, so using
# one while the student's code runs is recorded as tampering (see install_tripwires).
_TRIPWIRES = [
    (torch._C, "_DisableTorchDispatch"), (torch._C, "_ExcludeDispatchKeyGuard"),
    (torch._C, "_DisablePythonDispatcher"), (torch._C, "_pop_torch_dispatch_stack"),
    (torch._C, "_unset_dispatch_mode"), (torch._C, "_set_dispatch_mode"),
    (sys, "setprofile"), (sys, "settrace"), (threading, "setprofile"), (threading, "settrace"),
]
_PYTHON_DISPATCH_FILE = TORCH_DIR + "utils" + os.sep + "_python_dispatch.py"
_armed = False
_tripped: list[str] = []


def install_tripwires() -> None:
    """Wrap the trace-disabling entry points so that a call to one during a student call is recorded."""

    def wrap(original, name):
        def tripwire(*args, **kwargs):
            if _armed:
                _tripped.append(name)
            return original(*args, **kwargs)
        return tripwire

    for owner, name in _TRIPWIRES:
        original = getattr(owner, name, None)
        if original is not None:
            setattr(owner, name, wrap(original, name))


class _AtenRecorder(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.ops: set[str] = set()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.add(func.overloadpacket.__name__)
        return func(*args, **(kwargs or {}))


class CallTrace:
    """Context manager recording aten ops and Python calls into watched torch files."""

    def __init__(self, watched_files: tuple[str, ...] = (), enabled: bool = True):
        self.enabled = enabled  # the judge switches the trace off for calls whose trace it does not need
        # "torch/nn/init.py" -> ".../site-packages/torch/nn/init.py"
        self._watched = tuple(TORCH_DIR + w.split("/", 1)[1] for w in watched_files if w.startswith("torch/"))
        self._aten = _AtenRecorder()
        self.python_calls: set[str] = set()
        self.tampered: list[str] = []

    def _profile(self, frame, event, arg):
        if event == "call":
            filename = frame.f_code.co_filename
            if filename == _PYTHON_DISPATCH_FILE and "pop_mode" in frame.f_code.co_name:
                self.tampered.append(f"{frame.f_code.co_name} (switches the dispatch trace off)")
            if filename.startswith(self._watched):
                self.python_calls.add("torch/" + filename[len(TORCH_DIR):].replace(os.sep, "/") + ":" + frame.f_code.co_name)

    def __enter__(self):
        global _armed
        if not self.enabled:
            return self
        self._aten.__enter__()
        _setprofile(self._profile)
        del _tripped[:]
        _armed = True
        return self

    def __exit__(self, *exc):
        global _armed
        if not self.enabled:
            return False
        _armed = False
        self.tampered.extend(f"{name} was called" for name in _tripped)
        if _getprofile() != self._profile:  # bound methods are equal, never identical
            self.tampered.append("the Python call trace was removed during the call")
        _setprofile(None)
        try:
            self._aten.__exit__(*exc)
        except Exception:  # the mode stack was changed under us
            self.tampered.append("the torch dispatch trace was removed during the call")
        return False

    def report(self) -> dict:
        return {"aten": sorted(self._aten.ops), "python": sorted(self.python_calls), "tampered": self.tampered}

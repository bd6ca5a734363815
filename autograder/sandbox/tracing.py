"""Which torch calls a student's function made, at two levels (see DESIGN.md).

* aten ops: every alias of ``softmax`` ends in ``aten._softmax``. They are recorded by a C++
  RecordFunction callback, which sees every op the dispatcher runs (composites such as
  ``aten::softmax`` and what they decompose into): our own observer (op_observer.py), which only
  notes names, or where it cannot be built torch's legacy CPU profiler, several times dearer on
  op-heavy code but still a tenth of the cost of a Python ``TorchDispatchMode`` on element-wise
  Python loops (benchmarks/where_time_goes.py). The dispatch mode is kept where calls must be told
  apart by the Python file that made them (a capstone's exempt pieces), which only a Python-level hook can do;
* Python functions under ``torch/`` through ``sys.setprofile``: ``F.dropout`` and ``nn.init``
  decompose into the same aten ops an honest student uses, so only their Python frames give them away.

The trace only reports; the judge decides what is forbidden.
"""
from __future__ import annotations

import os
import signal
import sys
import threading

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from autograder.sandbox import op_observer

TORCH_DIR = os.path.dirname(torch.__file__) + os.sep
_setprofile, _getprofile = sys.setprofile, sys.getprofile  # ours, before any tripwire wraps them
_autograd = torch._C._autograd
_enable_profiler, _disable_profiler = _autograd._enable_profiler_legacy, _autograd._disable_profiler_legacy
_PROFILER_CONFIG = torch.autograd.ProfilerConfig(torch.autograd.ProfilerState.CPU, False, False, False, False, False,
                                                 torch._C._profiler._ExperimentalConfig())

# Ways to switch the trace off from inside the traced call. None is ordinary tensor code, so using
# one while the student's code runs is recorded as tampering (see install_tripwires).
_TRIPWIRES = [
    (torch._C, "_DisableTorchDispatch"), (torch._C, "_ExcludeDispatchKeyGuard"),
    (torch._C, "_DisablePythonDispatcher"), (torch._C, "_pop_torch_dispatch_stack"),
    (torch._C, "_unset_dispatch_mode"), (torch._C, "_set_dispatch_mode"),
    (sys, "setprofile"), (sys, "settrace"), (threading, "setprofile"), (threading, "settrace"),
    (_autograd, "_enable_record_function"), (_autograd, "_enable_profiler_legacy"),
    (_autograd, "_disable_profiler_legacy"), (_autograd, "_enable_profiler"), (_autograd, "_disable_profiler"),
    (_autograd, "_prepare_profiler"), (_autograd, "_clear_callbacks"), (_autograd, "_set_empty_test_observer"),
]
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

    wrapped = {}
    for owner, name in _TRIPWIRES:
        original = getattr(owner, name, None)
        if original is not None:
            wrapped[id(original)] = (original, wrap(original, name))
            setattr(owner, name, wrapped[id(original)][1])
    # torch's own modules hold originals too (`from torch._C import _pop_torch_dispatch_stack` in
    # torch.utils._python_dispatch, behind its _pop_mode helpers): point those at the tripwires as well.
    for module_name, module in list(sys.modules.items()):
        namespace = getattr(module, "__dict__", None)
        if module_name.startswith("autograder") or not isinstance(namespace, dict):
            continue
        for attribute, value in list(namespace.items()):
            entry = wrapped.get(id(value))
            if entry is not None and value is entry[0]:
                namespace[attribute] = entry[1]


def _caller_file(frame) -> str:
    """The file of the first frame at or above ``frame`` that is neither torch's nor this module's."""
    while frame is not None and frame.f_code.co_filename.startswith((TORCH_DIR, __file__)):
        frame = frame.f_back
    return frame.f_code.co_filename if frame is not None else ""


class _ProfiledOps:
    """aten ops through the legacy CPU profiler: per op a C++ callback, no Python. The profiler keeps
    every event (about 1.4 KB each), so it is drained every ``DRAIN_CPU_SECONDS`` of CPU time by a
    SIGPROF handler: a Python loop over a big tensor would otherwise hold gigabytes."""

    DRAIN_CPU_SECONDS = 0.05

    def __init__(self):
        self.ops: set[str] = set()
        self._previous_handler = None
        self._timer_set = False
        self._draining = False

    def __enter__(self):
        _enable_profiler(_PROFILER_CONFIG)
        if threading.current_thread() is threading.main_thread():  # (only there can a handler be set)
            self._previous_handler = signal.signal(signal.SIGPROF, self._drain)
            signal.setitimer(signal.ITIMER_PROF, self.DRAIN_CPU_SECONDS, self.DRAIN_CPU_SECONDS)
            self._timer_set = True
        return self

    def _collect(self, records) -> None:
        # Names only, deduplicated in C-level loops (map, set) before any Python per name: a Python loop
        # over every event (tens of thousands in an optimizer trajectory) was a sixth of the trace's cost.
        # Each op's push and pop events share its name; marks and memory events are not named aten::.
        for thread in records:
            if thread:
                names = set(map(type(thread[0]).name, thread))
                self.ops.update(name[6:] for name in names if name.startswith("aten::"))

    def _drain(self, signum, frame) -> None:
        if self._draining:
            return
        self._draining = True
        try:
            self._collect(_disable_profiler())
            _enable_profiler(_PROFILER_CONFIG)
        except RuntimeError:  # the student's code stopped the profiler: a tripwire has seen it
            pass
        finally:
            self._draining = False

    def __exit__(self, *exc):
        if self._timer_set:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, self._previous_handler)
        self._draining = True  # a SIGPROF still pending must not drain now
        self._collect(_disable_profiler())  # raises if the student's code switched the profiler off
        return False


class _AtenRecorder(TorchDispatchMode):
    """aten ops through a Python dispatch mode: slower, but it sees which Python file made each call."""

    def __init__(self, exempt: tuple[str, ...] = ()):
        super().__init__()
        self.ops: set[str] = set()
        self._exempt = exempt

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if not self._exempt or _caller_file(sys._getframe(1)) not in self._exempt:
            self.ops.add(func.overloadpacket.__name__)
        return func(*args, **(kwargs or {}))


class CallTrace:
    """Context manager recording aten ops and Python calls into watched torch files."""

    def __init__(self, watched_files: tuple[str, ...] = (), enabled: bool = True, exempt_files: tuple[str, ...] = ()):
        self.enabled = enabled  # the judge switches the trace off for calls whose trace it does not need
        # "torch/nn/init.py" -> ".../site-packages/torch/nn/init.py"
        self._watched = tuple(TORCH_DIR + w.split("/", 1)[1] for w in watched_files if w.startswith("torch/"))
        # Calls made from these files (a capstone's pieces, judged in their own topics) are not recorded.
        self._exempt = tuple(exempt_files)
        if self._exempt:
            self._aten = _AtenRecorder(self._exempt)
        else:
            self._aten = op_observer.ObservedOps() if op_observer.load() else _ProfiledOps()
        self.python_calls: set[str] = set()
        self.tampered: list[str] = []

    def _profile(self, frame, event, arg):
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(self._watched) and not (self._exempt and self._called_from_torch_or_exempt(frame)):
                self.python_calls.add("torch/" + filename[len(TORCH_DIR):].replace(os.sep, "/") + ":" + frame.f_code.co_name)

    def _called_from_torch_or_exempt(self, frame) -> bool:
        """With exempt files (a capstone's pieces), a watched function counts only when the code under
        test calls it directly: torch calling its own helpers (``nn.Linear`` initialising itself
        through ``nn.init``) and the exempt pieces' calls are theirs, not the student's."""
        caller = frame.f_back.f_code.co_filename if frame.f_back is not None else ""
        return caller.startswith(TORCH_DIR) or caller in self._exempt

    def __enter__(self):
        global _armed
        if not self.enabled:
            return self
        self._aten.__enter__()
        if self._watched:  # the Python-level trace costs as much again as the aten one: only when needed
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
        if self._watched:
            if _getprofile() != self._profile:  # bound methods are equal, never identical
                self.tampered.append("the Python call trace was removed during the call")
            _setprofile(None)
        try:
            self._aten.__exit__(*exc)
        except Exception:  # the mode stack or the profiler was changed under us
            self.tampered.append("the torch op trace was removed during the call")
        return False

    def report(self) -> dict:
        return {"aten": sorted(self._aten.ops), "python": sorted(self.python_calls), "tampered": self.tampered}

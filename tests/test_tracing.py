"""The in-sandbox trace: what it records, and that switching it off is noticed (run in a fresh
interpreter, as in a sandbox: the tripwires change torch's module globals)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from autograder.sandbox import op_observer

PROBE = r"""
import json, sys, torch
from autograder.sandbox.tracing import CallTrace, install_tripwires
install_tripwires()
from torch.utils._python_dispatch import _pop_mode_temporarily
reports = {"backend": type(CallTrace(())._aten).__name__}
with CallTrace(()) as trace:
    reports["profile_installed_without_watched_files"] = sys.getprofile() is not None
    torch.softmax(torch.randn(3), 0)
reports["plain"] = trace.report()
with CallTrace((), exempt_files=("<exempt>",)) as trace:  # exempt files: the trace is a dispatch mode
    with _pop_mode_temporarily():  # torch's own helper, which holds the original C function
        torch.softmax(torch.randn(3), 0)
reports["popped"] = trace.report()
with CallTrace(()) as trace:
    torch.autograd._enable_record_function(False)  # would blind the profiler
    torch.softmax(torch.randn(3), 0)
    torch.autograd._enable_record_function(True)
reports["unrecorded"] = trace.report()
with CallTrace(()) as trace:
    try:
        torch._C._autograd._disable_profiler_legacy()  # stops the profiler, whatever the name it is reached by
    except RuntimeError:
        pass  # no profiler was running: the trace is the op observer
    torch.softmax(torch.randn(3), 0)
reports["unprofiled_ops"] = trace.report()
with CallTrace(()) as trace:
    torch._C._autograd._clear_callbacks()  # removes every RecordFunction callback, the trace's included
    torch.softmax(torch.randn(3), 0)
reports["cleared"] = trace.report()
observer = None
if reports["backend"] == "ObservedOps":  # the observer's own library, found and restarted with ctypes
    import ctypes
    observer = next(line.split()[-1] for line in open("/proc/self/maps") if "op_observer" in line)
with CallTrace(()) as trace:
    torch.softmax(torch.randn(3), 0)
    if observer:
        library = ctypes.CDLL(observer)
        library.op_observer_stop()
        library.op_observer_start()
reports["restarted"] = trace.report()
with CallTrace(()) as trace:  # the trace works again afterwards
    torch.softmax(torch.randn(3), 0)
reports["after_clearing"] = trace.report()
with CallTrace(()) as trace:
    x = torch.randn(4, 3, requires_grad=True)
    torch.nn.functional.cross_entropy(x, torch.tensor([0, 1, 2, 0])).backward()
reports["composite"] = trace.report()
import resource, time
flat = torch.empty(100_000)
before, started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time()
with CallTrace(()) as trace:  # a Python loop: about 400k ops, more than half a GB of profiler events undrained
    with torch.no_grad():
        for i in range(flat.numel()):
            flat[i] = 1.0
    while time.process_time() - started < 0.2:  # long enough for several drains, however fast the machine
        pass
    torch.softmax(flat, 0)  # after the drains: still seen
reports["loop"] = dict(trace.report(), grew_mib=(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
with CallTrace(("torch/nn/init.py",)) as trace:
    torch.nn.init.xavier_uniform_(torch.empty(3, 3))
reports["init"] = trace.report()
with CallTrace(("torch/nn/init.py",)) as trace:
    sys.setprofile(None)
    torch.nn.init.xavier_uniform_(torch.empty(3, 3))
reports["unprofiled"] = trace.report()
print(json.dumps(reports))
"""


def probe(backend: str) -> dict:
    env = dict(os.environ, AUTOGRADER_OP_TRACE=backend)
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("backend", ["observer", "profiler"])
def test_trace_records_and_flags_tampering(backend):
    reports = probe(backend)
    if backend == "observer" and op_observer._compiler() is None:
        pytest.skip("no C++ compiler here to build the op observer: the profiler is the trace")
    assert reports["backend"] == {"observer": "ObservedOps", "profiler": "_ProfiledOps"}[backend]
    assert "_softmax" in reports["plain"]["aten"] and not reports["plain"]["tampered"]
    # No watched files: the costly Python-level trace is not installed at all.
    assert reports["profile_installed_without_watched_files"] is False
    # Popping the dispatch mode through torch's helper is a tripwire, and the op is not seen.
    assert "_softmax" not in reports["popped"]["aten"]
    assert any("_pop_torch_dispatch_stack" in t for t in reports["popped"]["tampered"])
    # Blinding or stopping the op profiler is a tripwire too, whichever module it is reached through.
    assert any("_enable_record_function" in t for t in reports["unrecorded"]["tampered"])
    assert any("_disable_profiler_legacy" in t for t in reports["unprofiled_ops"]["tampered"])
    assert any("_clear_callbacks" in t for t in reports["cleared"]["tampered"])
    assert "_softmax" in reports["after_clearing"]["aten"] and not reports["after_clearing"]["tampered"]
    if backend == "observer":  # restarting the observer empties its names: noticed
        assert "_softmax" not in reports["restarted"]["aten"] and reports["restarted"]["tampered"]
    # The profiler sees composite ops and what they decompose into, backward included.
    assert {"cross_entropy_loss", "_log_softmax", "nll_loss_forward", "nll_loss_backward"} <= set(reports["composite"]["aten"])
    # The profiler's events are drained as the call runs: memory stays bounded, nothing is lost.
    assert {"copy_", "_softmax"} <= set(reports["loop"]["aten"]) and not reports["loop"]["tampered"]
    assert reports["loop"]["grew_mib"] < 200
    assert "torch/nn/init.py:xavier_uniform_" in reports["init"]["python"] and "uniform_" in reports["init"]["aten"]
    assert reports["unprofiled"]["tampered"]  # removing the Python trace is noticed


SAME_OPS = r"""
import json, torch
from autograder.sandbox import op_observer
from autograder.sandbox.tracing import _ProfiledOps
assert op_observer.load(), "the op observer could not be built or loaded"

def workload():
    x = torch.randn(8, 5, requires_grad=True)
    torch.nn.functional.cross_entropy(x, torch.tensor([0, 1, 2, 3, 4, 0, 1, 2]), label_smoothing=0.1).backward()
    model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Dropout(0.3))
    torch.nn.init.kaiming_uniform_(model[0].weight, nonlinearity="relu")
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1, weight_decay=0.01)
    for _ in range(2):
        optimizer.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(model(x.detach()).sum(1), torch.ones(8)).backward()
        optimizer.step()
    with torch.no_grad():
        flat = torch.zeros(6, dtype=torch.float64)
        for i in range(6):
            flat[i] = i ** 0.5
    return torch.einsum("ij,kj->ik", x, x).logsumexp(1)

seen = {}
for name, backend in (("observer", op_observer.ObservedOps), ("profiler", _ProfiledOps)):
    with backend() as trace:
        workload()
    seen[name] = sorted(trace.ops)
print(json.dumps(seen))
"""


def test_op_observer_sees_what_the_profiler_sees():
    """The observer replaced the profiler as the trace where it can be built: it must see the same ops."""
    if op_observer._compiler() is None:
        pytest.skip("no C++ compiler here to build the op observer: the profiler is the trace")
    done = subprocess.run([sys.executable, "-c", SAME_OPS], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(seen["profiler"]) > 30 and {"_log_softmax", "nll_loss_backward", "addmm", "copy_"} <= set(seen["profiler"])
    assert seen["observer"] == seen["profiler"]


def test_a_failed_observer_build_falls_back_to_the_profiler_once(tmp_path, monkeypatch, capsys):
    """No working compiler: the trace is torch's profiler, said once; the failed build is not retried."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("CXX", "/bin/false")
    monkeypatch.delenv(op_observer.FORCE_ENV, raising=False)
    assert op_observer.library() == ""
    assert "could not build the op observer" in capsys.readouterr().err
    assert list((tmp_path / "autograder").glob("op_observer-*.failed"))

    def no_second_build(*args, **kwargs):
        raise AssertionError("the failed build ran again")

    monkeypatch.setattr(op_observer.subprocess, "run", no_second_build)
    assert op_observer.library() == ""
    assert capsys.readouterr().err == ""

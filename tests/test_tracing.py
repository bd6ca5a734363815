"""The in-sandbox trace: what it records, and that switching it off is noticed (run in a fresh
interpreter, as in a sandbox: the tripwires change torch's module globals)."""
from __future__ import annotations

import json
import subprocess
import sys

PROBE = r"""
import json, sys, torch
from autograder.sandbox.tracing import CallTrace, install_tripwires
install_tripwires()
from torch.utils._python_dispatch import _pop_mode_temporarily
reports = {}
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
    torch._C._autograd._disable_profiler_legacy()  # stops the profiler, whatever the name it is reached by
    torch.softmax(torch.randn(3), 0)
reports["unprofiled_ops"] = trace.report()
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


def probe() -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_trace_records_and_flags_tampering():
    reports = probe()
    assert "_softmax" in reports["plain"]["aten"] and not reports["plain"]["tampered"]
    # No watched files: the costly Python-level trace is not installed at all.
    assert reports["profile_installed_without_watched_files"] is False
    # Popping the dispatch mode through torch's helper is a tripwire, and the op is not seen.
    assert "_softmax" not in reports["popped"]["aten"]
    assert any("_pop_torch_dispatch_stack" in t for t in reports["popped"]["tampered"])
    # Blinding or stopping the op profiler is a tripwire too, whichever module it is reached through.
    assert any("_enable_record_function" in t for t in reports["unrecorded"]["tampered"])
    assert any("_disable_profiler_legacy" in t for t in reports["unprofiled_ops"]["tampered"])
    # The profiler sees composite ops and what they decompose into, backward included.
    assert {"cross_entropy_loss", "_log_softmax", "nll_loss_forward", "nll_loss_backward"} <= set(reports["composite"]["aten"])
    # The profiler's events are drained as the call runs: memory stays bounded, nothing is lost.
    assert {"copy_", "_softmax"} <= set(reports["loop"]["aten"]) and not reports["loop"]["tampered"]
    assert reports["loop"]["grew_mib"] < 200
    assert "torch/nn/init.py:xavier_uniform_" in reports["init"]["python"] and "uniform_" in reports["init"]["aten"]
    assert reports["unprofiled"]["tampered"]  # removing the Python trace is noticed

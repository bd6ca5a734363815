"""The warm zygote: a process that has imported torch once and forks a sandbox per request.

Started by the judge as ``python -I -m autograder.sandbox.zygote FD`` with a SOCK_SEQPACKET
control socket. Each request is a JSON header plus two file descriptors (the sandbox's end of
its channel and its output file); the reply is the new sandbox's pid. CUDA is never touched
here: a child that needs it initialises it after the fork.
"""
from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys


def main(control_fd: int) -> None:
    from autograder.sandbox.child import die_with_parent

    die_with_parent()  # a judge killed with -9 takes its zygote (and so its sandboxes) with it
    import torch

    torch.set_num_threads(1)  # one thread per sandbox: fair timing next to other jobs, fork-safe
    from autograder.sandbox import child  # noqa: F401  (imported before forking, so children start warm)

    for optional in ("landlockpy", "pyseccomp", "torchvision"):  # hardening in every child; the capstone's data
        try:
            __import__(optional)
        except Exception:
            pass

    _warm_up(torch)
    from autograder.sandbox.tracing import install_tripwires

    install_tripwires()  # once, before forking: every sandbox inherits them (they fire only during a student call)
    # torch's ~280k objects to the permanent generation: a full collection in a sandbox would walk them
    # all (150 ms of CPU, up to 360 ms wall under load, in the middle of whatever was being timed).
    gc.collect()
    gc.freeze()

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    control = socket.socket(fileno=control_fd)
    while True:
        try:
            header, fds, _, _ = socket.recv_fds(control, 1 << 16, 2)
        except (ConnectionError, OSError):
            return
        if not header:
            return
        request = json.loads(header)
        pid = os.fork()
        if pid == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            child.run(fds[0], fds[1], request)
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())


def _warm_up(torch) -> None:
    """Pay once, before any fork, for what torch initialises lazily: the profiler's first start,
    autograd, optimizers, the dispatch-mode trace and serialisation have first-use costs, which every
    forked sandbox would otherwise pay anew."""
    from autograder.sandbox import protocol
    from autograder.sandbox.tracing import CallTrace

    x = torch.randn(4, 4, requires_grad=True)
    with CallTrace(("torch/nn/init.py",)):
        y = torch.softmax(x, 0)
    # A gradient of a non-scalar output imports sympy (via torch.fx's symbolic shapes): 0.4 s a sandbox.
    torch.autograd.grad(y, [x], grad_outputs=torch.ones_like(y))
    # The first optimizer imports much of torch._dynamo (0.7 s in the judge's profile).
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU(), torch.nn.Dropout(0.5))
    for optimizer in (torch.optim.SGD, torch.optim.Adagrad, torch.optim.RMSprop, torch.optim.Adam, torch.optim.AdamW):
        step = optimizer(model.parameters(), lr=0.1)
        step.zero_grad()
        model(x.detach()).sum().backward()
        step.step()
    with CallTrace(exempt_files=("<warm-up>",)):  # with exempt files (a capstone) the trace is a dispatch mode
        torch.softmax(x, 1).sum().backward()
    protocol.decode(protocol.encode({"x": x.detach(), "n": [1, 2.0, None]})[protocol.HEADER.size:])


if __name__ == "__main__":
    main(int(sys.argv[1]))

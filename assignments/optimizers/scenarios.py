"""Scenarios for the optimizers topic: they run INSIDE the sandbox, on the student's module.

Each function takes ``module`` first: the student's module (``module.SGD`` is their class) or, in the
judge, a namespace exposing torch's classes under the same names. Arguments and results are plain
data (tensors, numbers, strings, lists, dicts), so the judge can compare the student's run with
torch's run of the very same scenario.

Conventions shared by the scenarios:

* ``groups`` is a list of param groups ``{"params": [tensor, ...], **group_options}``; the tensors are
  copied into fresh leaf tensors with ``requires_grad=True`` before the optimizer is built;
* ``options`` are the constructor's keyword arguments (the defaults for every group);
* ``grads[k][i]`` is the gradient of the i-th parameter (all groups' parameters in order) at step k,
  or None for "this parameter has no .grad at this step";
* ``lr_changes`` is a list of ``(k, [lr of group 0, lr of group 1, ...])``: before step k each
  group's ``"lr"`` is set to the new value, as a learning-rate scheduler would.
"""
import copy

import torch


def _leaves(groups):
    return [[t.detach().clone().requires_grad_(True) for t in group["params"]] for group in groups]


def _build(module, name, groups, params, options):
    spec = [{**{k: v for k, v in group.items() if k != "params"}, "params": ps} for group, ps in zip(groups, params)]
    return getattr(module, name)(spec, **options)


def _run(optimizer, flat, grads, lr_changes, start=0, record_grads=False):
    changes = dict((int(k), lrs) for k, lrs in (lr_changes or ()))
    params_after, grads_after = [], []
    for k, step_grads in enumerate(grads, start=start):
        if k in changes:
            for group, lr in zip(optimizer.param_groups, changes[k]):
                group["lr"] = lr
        for p, g in zip(flat, step_grads):
            p.grad = None if g is None else g.detach().clone()
        optimizer.step()
        params_after.append([p.detach().clone() for p in flat])
        if record_grads:
            grads_after.append([None if p.grad is None else p.grad.detach().clone() for p in flat])
    return params_after, grads_after


def trajectory(module, name, groups, options, grads, lr_changes=()):
    """Build ``module.<name>`` on ``groups``, feed the gradient sequence, and return
    ``{"params": [[param after step k] ...], "grads": [[.grad after step k] ...]}``."""
    params = _leaves(groups)
    optimizer = _build(module, name, groups, params, options)
    flat = [p for ps in params for p in ps]
    params_after, grads_after = _run(optimizer, flat, grads, lr_changes, record_grads=True)
    return {"params": params_after, "grads": grads_after}


def quadratic(module, name, x0, options, steps):
    """Minimise the course's f(x) = 0.1 * x1**2 + 2 * x2**2 from ``x0`` with autograd; return the points."""
    x = x0.detach().clone().requires_grad_(True)
    optimizer = getattr(module, name)([x], **options)
    points = [x.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        loss = 0.1 * x[0] ** 2 + 2 * x[1] ** 2
        loss.backward()
        optimizer.step()
        points.append(x.detach().clone())
    return points


def step_from_state(module, name, params, options, state, grads):
    """Build the optimizer on ``params`` (one group), replace its state by ``state`` (a list with one
    dict per parameter, torch's key names) through ``load_state_dict``, take ONE step with ``grads``
    and return the parameters after it."""
    leaves = [t.detach().clone().requires_grad_(True) for t in params]
    optimizer = getattr(module, name)(leaves, **options)
    saved = optimizer.state_dict()
    saved["state"] = {i: {k: (v.clone() if isinstance(v, torch.Tensor) else v) for k, v in s.items()}
                      for i, s in enumerate(state)}
    optimizer.load_state_dict(saved)
    for p, g in zip(leaves, grads):
        p.grad = g.detach().clone()
    optimizer.step()
    return [p.detach().clone() for p in leaves]


def resume(module, name, groups, options, grads, split, lr_changes=()):
    """Run ``split`` steps, save ``state_dict()`` (deep-copied), build a fresh optimizer on fresh copies
    of the parameters, ``load_state_dict`` the copy and run the remaining steps. Returns the parameters
    after every step, as ``trajectory`` does."""
    params = _leaves(groups)
    first = _build(module, name, groups, params, options)
    flat = [p for ps in params for p in ps]
    before, _ = _run(first, flat, grads[:split], lr_changes)
    saved = copy.deepcopy(first.state_dict())
    del first
    fresh = [[p.detach().clone().requires_grad_(True) for p in ps] for ps in params]
    second = _build(module, name, groups, fresh, options)
    second.load_state_dict(saved)
    after, _ = _run(second, [p for ps in fresh for p in ps], grads[split:], lr_changes, start=split)
    return {"params": before + after}


def closure_steps(module, name, x0, options, steps):
    """Take ``steps`` steps with ``optimizer.step(closure)`` on f(x) = 0.1*x1**2 + 2*x2**2, in ordinary
    grad mode. Reports how often the closure was called per step, whether ``step`` returned the very
    loss tensor the closure returned, what ``step()`` without a closure returns, and the points."""
    x = x0.detach().clone().requires_grad_(True)
    optimizer = getattr(module, name)([x], **options)
    calls, losses = [0], []

    def closure():
        calls[0] += 1
        optimizer.zero_grad()
        loss = 0.1 * x[0] ** 2 + 2 * x[1] ** 2
        loss.backward()
        losses.append(loss)
        return loss

    report = {"calls": [], "returned_loss": [], "points": []}
    for _ in range(steps):
        before = calls[0]
        returned = optimizer.step(closure)
        report["calls"].append(calls[0] - before)
        report["returned_loss"].append(bool(losses) and returned is losses[-1])
        report["points"].append(x.detach().clone())
    x.grad = torch.ones_like(x)
    report["without_closure"] = repr(optimizer.step())
    return report


def construct(module, name, options):
    """Build ``module.<name>`` on one small parameter with ``options``; "ok" when it did not raise."""
    getattr(module, name)([torch.zeros(3, requires_grad=True)], **options)
    return "ok"


def timed_steps(module, name, w1, w2, w3, steps=5, **options):
    """What the timing test times: ``steps`` steps over three large parameters with fixed gradients.
    Returns the parameters at the end."""
    params = [w.detach().clone().requires_grad_(True) for w in (w1, w2, w3)]
    grads = [w.detach() * 0.5 + 0.1 for w in (w1, w2, w3)]
    optimizer = getattr(module, name)(params, **options)
    for _ in range(steps):
        for p, g in zip(params, grads):
            p.grad = g
        optimizer.step()
    return [p.detach() for p in params]

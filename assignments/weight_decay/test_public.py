"""Public tests for weight_decay: run them with `autograder check weight_decay`.

The hidden tests check much more (random shapes, gradients, 25-step AdamW trajectories with several
param groups and learning-rate changes, Conv/LayerNorm/tied models, the d2l overfitting experiment,
speed, CUDA); passing these is a start, not a guarantee.
"""
import importlib.util
import math
import types

import torch

from autograder.spec import Hint, Mismatch, StudentRaised, expect_close, graded

TORCH = types.SimpleNamespace(AdamW=torch.optim.AdamW)


def run_scenario(student, name, *args, **kwargs):
    """``student.scenario`` with errors named after the graded function, not the scenario."""
    try:
        return student.scenario(name, *args, **kwargs)
    except StudentRaised as raised:
        reply = {"type": raised.type_name, "mro": raised.mro, "message": raised.message, "traceback": raised.traceback}
        raise StudentRaised(student.function or name, reply) from None


def scenarios(student):
    """The topic's scenarios.py, loaded here in the judge to run the same steps with torch."""
    spec = importlib.util.spec_from_file_location("weight_decay_scenarios_public", student.topic.scenarios)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_fit(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size, bias_decay=0.0):
    """fit_linear_regression done with torch.optim.SGD and autograd (``bias_decay``: a known mistake)."""
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([{"params": [w], "weight_decay": weight_decay}, {"params": [b], "weight_decay": bias_decay}], lr=lr)
    for _ in range(num_epochs):
        for start in range(0, X.shape[0], batch_size):
            loss = ((X[start:start + batch_size] @ w + b - y[start:start + batch_size]) ** 2).mean() / 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return w.detach(), b.detach()


# ------------------------------------------------------------------------------ l2_penalty

W = torch.tensor([[1.0, -2.0], [3.0, 0.5]])


@graded(1, "l2_penalty", "l2_penalty of a small matrix is (w ** 2).sum() / 2")
def test_l2_penalty_small(student):
    expect_close(student.l2_penalty(W), (W ** 2).sum() / 2, what="l2_penalty(w) for w = [[1, -2], [3, 0.5]]", inputs=[W],
                 hints=[Hint("you forgot the factor 1/2", (W ** 2).sum()),
                        Hint("the penalty is the squared norm / 2, not the norm / 2", W.norm() / 2)])


@graded(1, "l2_penalty", "the gradient of l2_penalty(w) is w")
def test_l2_penalty_gradient(student):
    run = student.run("l2_penalty", W.double().clone().requires_grad_(), grad_wrt=[0])
    if run.grad_error:
        raise Mismatch(f"gradient of l2_penalty(w) for w = [[1, -2], [3, 0.5]]: {run.grad_error}")
    expect_close(run.grads[0], W.double(), what="the gradient of l2_penalty(w) for w = [[1, -2], [3, 0.5]] (float64)", inputs=[W])


# ----------------------------------------------------------------------------------- AdamW


def _compare_trajectory(student, label, names, shapes, groups, defaults, steps):
    mine = run_scenario(student, "adamw_trajectory", shapes, groups, defaults, steps)
    theirs = scenarios(student).adamw_trajectory(TORCH, shapes, groups, defaults, steps)
    for step in range(theirs.shape[0]):
        start = 0
        for name, shape in zip(names, shapes):
            size = math.prod(shape)
            expect_close(mine[step, start:start + size].reshape(shape), theirs[step, start:start + size].reshape(shape),
                         what=f"{label}: {name} after step {step + 1}", inputs=[theirs[step]])
            start += size


@graded(1, "AdamW", "one AdamW step (lr=0.1, weight_decay=0.5) matches torch.optim.AdamW")
def test_adamw_one_step(student):
    _compare_trajectory(student, "AdamW([p], lr=0.1, weight_decay=0.5) on a (2, 3) parameter", ["p"], [(2, 3)], [{"indices": [0]}],
                        {"lr": 0.1, "weight_decay": 0.5}, 1)


@graded(1, "AdamW", "five AdamW steps with two param groups match torch.optim.AdamW")
def test_adamw_two_groups(student):
    _compare_trajectory(student, "AdamW([{w (3, 4), weight_decay=0.2}, {b (4,), weight_decay=0}], lr=0.05)", ["w", "b"],
                        [(3, 4), (4,)], [{"indices": [0], "weight_decay": 0.2}, {"indices": [1], "weight_decay": 0.0}],
                        {"lr": 0.05}, 5)


# ---------------------------------------------------------------------------- param_groups


@graded(1, "param_groups", "an MLP: Linear weights are decayed, biases are not")
def test_param_groups_mlp(student):
    report = run_scenario(student, "param_groups_report", "mlp", 0.1, sgd_step=False)
    model = "nn.Sequential(nn.Flatten(), nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 4))"
    if report["type"] not in ("list", "tuple") or len(report["groups"]) != 2:
        raise Mismatch(f"param_groups({model}, 0.1) should return a list of two dicts; yours returned a {report['type']}"
                       + (f" of {len(report['groups'])} items" if report["type"] in ("list", "tuple") else ""))
    decay, no_decay = report["groups"]
    if decay["weight_decay"] != 0.1 or no_decay["weight_decay"] != 0.0:
        raise Mismatch(f"param_groups({model}, 0.1): the first group should have weight_decay=0.1 and the second 0.0; "
                       f"yours have {decay['weight_decay']} and {no_decay['weight_decay']}")
    if sorted(decay["names"]) != ["1.weight", "3.weight"] or sorted(no_decay["names"]) != ["1.bias", "3.bias"]:
        raise Mismatch(f"param_groups({model}, 0.1): the decay group should hold the two Linear weights and the other "
                       f"group the two biases; yours hold {decay['names']} and {no_decay['names']}")


@graded(1, "param_groups", "the groups are accepted by torch.optim.SGD and decay the right parameters")
def test_param_groups_sgd(student):
    report = run_scenario(student, "param_groups_report", "mlp", 0.1)
    if report["sgd_error"]:
        raise Mismatch(f"torch.optim.SGD(param_groups(model, 0.1), lr=0.1) raised {report['sgd_error']}")
    if report["after_step"] is None:
        raise Mismatch(f"param_groups(model, 0.1) should return a list of two dicts; yours returned a {report['type']}")
    reference = scenarios(student).param_groups_report(
        types.SimpleNamespace(param_groups=lambda model, wd: [
            {"params": [p for p in model.parameters() if p.ndim >= 2], "weight_decay": wd},
            {"params": [p for p in model.parameters() if p.ndim < 2], "weight_decay": 0.0}]), "mlp", 0.1)
    for name, expected in reference["after_step"].items():
        expect_close(report["after_step"][name], expected, what=f"parameter {name} after one SGD step with your groups")


# ------------------------------------------------------------------- fit_linear_regression


def _problem(n, d, seed):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=generator, dtype=torch.float64)
    y = X @ torch.randn(d, 1, generator=generator, dtype=torch.float64) + 0.5
    return X, y, torch.randn(d, 1, generator=generator, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)


def _check_fit(student, n, d, weight_decay, lr, num_epochs, batch_size, seed):
    X, y, w0, b0 = _problem(n, d, seed)
    what = (f"fit_linear_regression(X, y, w0, b0, weight_decay={weight_decay}, lr={lr}, num_epochs={num_epochs}, "
            f"batch_size={batch_size}) with X of shape ({n}, {d}) (float64)")
    result = student.fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mismatch(f"{what} should return a pair (w, b)")
    expected = reference_fit(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size)
    bias_decayed = reference_fit(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size, bias_decay=weight_decay)
    for index, name in enumerate("wb"):
        expect_close(result[index], expected[index], what=f"{name} returned by {what}", inputs=[X, y, w0],
                     hints=[Hint("only w is decayed, not the bias b", bias_decayed[index])])


@graded(1, "fit_linear_regression", "one epoch on a small problem matches torch.optim.SGD with weight decay on w")
def test_fit_small(student):
    _check_fit(student, n=6, d=2, weight_decay=0.1, lr=0.1, num_epochs=1, batch_size=2, seed=0)


@graded(1, "fit_linear_regression", "three epochs with a last, smaller minibatch (n=7, batch_size=3)")
def test_fit_partial_batch(student):
    _check_fit(student, n=7, d=3, weight_decay=0.5, lr=0.05, num_epochs=3, batch_size=3, seed=1)

"""Public tests for weight_decay: run them with `autograder check weight_decay`.

The hidden tests check much more (random shapes, gradients, 25-step AdamW trajectories with several
param groups and learning-rate changes, Conv/LayerNorm/tied models, the d2l overfitting experiment,
speed, CUDA); passing these is a start, not a guarantee.
"""
import importlib.util
import math
import types

import torch

from autograder.spec import Hint, Mismatch, StudentRaised, Text, expect_close, graded

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


@graded(1, "l2_penalty", Text("l2_penalty of a small matrix is (w ** 2).sum() / 2", "小矩阵的 l2_penalty（L2 范数惩罚）为 (w ** 2).sum() / 2"))
def test_l2_penalty_small(student):
    expect_close(student.l2_penalty(W), (W ** 2).sum() / 2, what=Text("l2_penalty(w) for w = [[1, -2], [3, 0.5]]", "w = [[1, -2], [3, 0.5]] 时的 l2_penalty(w)"), inputs=[W],
                 hints=[Hint(Text("you forgot the factor 1/2", "你忘了 1/2 因子"), (W ** 2).sum()),
                        Hint(Text("the penalty is the squared norm / 2, not the norm / 2", "惩罚项是范数的平方 / 2，而不是范数 / 2"), W.norm() / 2)])


@graded(1, "l2_penalty", Text("the gradient of l2_penalty(w) is w", "l2_penalty(w) 的梯度是 w"))
def test_l2_penalty_gradient(student):
    run = student.run("l2_penalty", W.double().clone().requires_grad_(), grad_wrt=[0])
    if run.grad_error:
        raise Mismatch(Text(f"gradient of l2_penalty(w) for w = [[1, -2], [3, 0.5]]: {run.grad_error}", f"w = [[1, -2], [3, 0.5]] 时 l2_penalty(w) 的梯度：{run.grad_error}"))
    expect_close(run.grads[0], W.double(), what=Text("the gradient of l2_penalty(w) for w = [[1, -2], [3, 0.5]] (float64)", "w = [[1, -2], [3, 0.5]]（float64）时 l2_penalty(w) 的梯度"), inputs=[W])


# ----------------------------------------------------------------------------------- AdamW


def _compare_trajectory(student, label, names, shapes, groups, defaults, steps):
    mine = run_scenario(student, "adamw_trajectory", shapes, groups, defaults, steps)
    theirs = scenarios(student).adamw_trajectory(TORCH, shapes, groups, defaults, steps)
    for step in range(theirs.shape[0]):
        start = 0
        for name, shape in zip(names, shapes):
            size = math.prod(shape)
            expect_close(mine[step, start:start + size].reshape(shape), theirs[step, start:start + size].reshape(shape),
                         what=Text(f"{label}: {name} after step {step + 1}", f"{label}：第 {step + 1} 步之后的 {name}"), inputs=[theirs[step]])
            start += size


@graded(1, "AdamW", Text("one AdamW step (lr=0.1, weight_decay=0.5) matches torch.optim.AdamW", "AdamW 走一步（lr=0.1，weight_decay=0.5）与 torch.optim.AdamW 一致"))
def test_adamw_one_step(student):
    _compare_trajectory(student, "AdamW([p], lr=0.1, weight_decay=0.5) on a (2, 3) parameter", ["p"], [(2, 3)], [{"indices": [0]}],
                        {"lr": 0.1, "weight_decay": 0.5}, 1)


@graded(1, "AdamW", Text("five AdamW steps with two param groups match torch.optim.AdamW", "两个参数组的 AdamW 走五步与 torch.optim.AdamW 一致"))
def test_adamw_two_groups(student):
    _compare_trajectory(student, "AdamW([{w (3, 4), weight_decay=0.2}, {b (4,), weight_decay=0}], lr=0.05)", ["w", "b"],
                        [(3, 4), (4,)], [{"indices": [0], "weight_decay": 0.2}, {"indices": [1], "weight_decay": 0.0}],
                        {"lr": 0.05}, 5)


# ---------------------------------------------------------------------------- param_groups


@graded(1, "param_groups", Text("an MLP: Linear weights are decayed, biases are not", "一个 MLP：Linear 的权重做权重衰减，偏置不做"))
def test_param_groups_mlp(student):
    report = run_scenario(student, "param_groups_report", "mlp", 0.1, sgd_step=False)
    model = "nn.Sequential(nn.Flatten(), nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 4))"
    if report["type"] not in ("list", "tuple") or len(report["groups"]) != 2:
        raise Mismatch(Text(f"param_groups({model}, 0.1) should return a list of two dicts; yours returned a {report['type']}"
                       + (f" of {len(report['groups'])} items" if report["type"] in ("list", "tuple") else ""), f"param_groups({model}, 0.1) 应返回含两个字典的列表；你的返回了一个 {report['type']}"
                       + (f"（含 {len(report['groups'])} 项）" if report["type"] in ("list", "tuple") else "")))
    decay, no_decay = report["groups"]
    if decay["weight_decay"] != 0.1 or no_decay["weight_decay"] != 0.0:
        raise Mismatch(Text(f"param_groups({model}, 0.1): the first group should have weight_decay=0.1 and the second 0.0; "
                       f"yours have {decay['weight_decay']} and {no_decay['weight_decay']}", f"param_groups({model}, 0.1)：第一组应为 weight_decay=0.1，第二组为 0.0；"
                       f"你的是 {decay['weight_decay']} 和 {no_decay['weight_decay']}"))
    if sorted(decay["names"]) != ["1.weight", "3.weight"] or sorted(no_decay["names"]) != ["1.bias", "3.bias"]:
        raise Mismatch(Text(f"param_groups({model}, 0.1): the decay group should hold the two Linear weights and the other "
                       f"group the two biases; yours hold {decay['names']} and {no_decay['names']}", f"param_groups({model}, 0.1)：做权重衰减的组应包含两个 Linear 的权重，另一组包含两个偏置；"
                       f"你的分别是 {decay['names']} 和 {no_decay['names']}"))


@graded(1, "param_groups", Text("the groups are accepted by torch.optim.SGD and decay the right parameters", "这些参数组能被 torch.optim.SGD 接受，并对正确的参数做权重衰减"))
def test_param_groups_sgd(student):
    report = run_scenario(student, "param_groups_report", "mlp", 0.1)
    if report["sgd_error"]:
        raise Mismatch(Text(f"torch.optim.SGD(param_groups(model, 0.1), lr=0.1) raised {report['sgd_error']}", f"torch.optim.SGD(param_groups(model, 0.1), lr=0.1) 抛出了 {report['sgd_error']}"))
    if report["after_step"] is None:
        raise Mismatch(Text(f"param_groups(model, 0.1) should return a list of two dicts; yours returned a {report['type']}", f"param_groups(model, 0.1) 应返回含两个字典的列表；你的返回了一个 {report['type']}"))
    reference = scenarios(student).param_groups_report(
        types.SimpleNamespace(param_groups=lambda model, wd: [
            {"params": [p for p in model.parameters() if p.ndim >= 2], "weight_decay": wd},
            {"params": [p for p in model.parameters() if p.ndim < 2], "weight_decay": 0.0}]), "mlp", 0.1)
    for name, expected in reference["after_step"].items():
        expect_close(report["after_step"][name], expected, what=Text(f"parameter {name} after one SGD step with your groups", f"用你的参数组做一步 SGD 之后的参数 {name}"))


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
        raise Mismatch(Text(f"{what} should return a pair (w, b)", f"{what} 应返回一对 (w, b)"))
    expected = reference_fit(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size)
    bias_decayed = reference_fit(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size, bias_decay=weight_decay)
    for index, name in enumerate("wb"):
        expect_close(result[index], expected[index], what=Text(f"{name} returned by {what}", f"{what} 返回的 {name}"), inputs=[X, y, w0],
                     hints=[Hint(Text("only w is decayed, not the bias b", "只对 w 做权重衰减，不对偏置 b"), bias_decayed[index])])


@graded(1, "fit_linear_regression", Text("one epoch on a small problem matches torch.optim.SGD with weight decay on w", "小问题上训练一轮，与对 w 做权重衰减的 torch.optim.SGD 一致"))
def test_fit_small(student):
    _check_fit(student, n=6, d=2, weight_decay=0.1, lr=0.1, num_epochs=1, batch_size=2, seed=0)


@graded(1, "fit_linear_regression", Text("three epochs with a last, smaller minibatch (n=7, batch_size=3)", "三轮训练，最后一个小批量较小（n=7，batch_size=3）"))
def test_fit_partial_batch(student):
    _check_fit(student, n=7, d=3, weight_decay=0.5, lr=0.05, num_epochs=3, batch_size=3, seed=1)

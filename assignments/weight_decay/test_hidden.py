"""Hidden tests for weight_decay: l2_penalty, AdamW, param_groups, fit_linear_regression."""
import functools
import importlib.util
import math
import types
from pathlib import Path

import torch
from hypothesis import given
from hypothesis import strategies as st

from autograder.spec import (
    Hint,
    Mismatch,
    Text,
    StudentRaised,
    describe,
    expect_close,
    expect_cuda_matches,
    expect_fast,
    expect_unchanged,
    graded,
    requires_cuda,
)

_spec = importlib.util.spec_from_file_location("weight_decay_scenarios_hidden", Path(__file__).with_name("scenarios.py"))
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)

TORCH = types.SimpleNamespace(AdamW=torch.optim.AdamW)
DEVICE = "cuda"  # where the GPU tests run (only under @requires_cuda)


def run_scenario(student, name, *args, **kwargs):
    """``student.scenario`` with errors named after the graded function, not the scenario."""
    try:
        return student.scenario(name, *args, **kwargs)
    except StudentRaised as raised:
        reply = {"type": raised.type_name, "mro": raised.mro, "message": raised.message, "traceback": raised.traceback}
        raise StudentRaised(student.function or name, reply) from None


# =================================================================================== l2_penalty


def reference_l2(w):
    return (w ** 2).sum() / 2


def l2_hints(w):
    return [Hint(Text("you forgot the factor 1/2: the penalty is (w ** 2).sum() / 2", "你漏了 1/2 因子：惩罚项是 (w ** 2).sum() / 2"), lambda: (w.double() ** 2).sum()),
            Hint(Text("the penalty is the SQUARED norm / 2, not the norm / 2", "惩罚项是范数的平方 / 2，而不是范数 / 2"), lambda: w.double().norm() / 2),
            Hint(Text("sum the squares over all elements; do not average them", "对所有元素的平方求和；不要求平均"), lambda: (w.double() ** 2).mean() / 2)]


@st.composite
def weights(draw):
    """A random tensor of 0-4 dims (sizes 1-6), float32 or float64, magnitude 0.1 to 10."""
    shape = draw(st.lists(st.integers(1, 6), min_size=0, max_size=4))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    scale = draw(st.sampled_from([0.1, 1.0, 10.0]))
    seed = draw(st.integers(0, 2**31 - 1))
    return (torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * scale).to(dtype)


@graded(3, "l2_penalty", Text("l2_penalty equals (w ** 2).sum() / 2 on random shapes (0-4 dims) and dtypes", "随机形状（0-4 维）和 dtype 下 l2_penalty 等于 (w ** 2).sum() / 2"))
@given(w=weights())
def test_l2_penalty_values(student, w):
    """Relative tolerance 1e-5 in float32: summing in another order (a dot product, a norm squared) is fine."""
    expect_close(student.l2_penalty(w), reference_l2(w), what=Text(f"l2_penalty(w) for w {describe(w)}", f"w 为 {describe(w)} 时的 l2_penalty(w)"), inputs=[w],
                 scale=float(reference_l2(w.double())), rtol=1e-5 if w.dtype == torch.float32 else None, hints=l2_hints(w))


@graded(2, "l2_penalty", Text("the gradient of l2_penalty(w) is w (float64, several shapes)", "l2_penalty(w) 的梯度是 w（float64，多种形状）"))
def test_l2_penalty_gradient(student, credit):
    generator = torch.Generator().manual_seed(5)
    for shape in [(7,), (4, 5), (2, 3, 4), ()]:
        w = torch.randn(shape, generator=generator, dtype=torch.float64) * 3
        with credit.case(Text(f"w of shape {shape}", f"形状为 {shape} 的 w")):
            run = student.run("l2_penalty", w.clone().requires_grad_(), grad_wrt=[0], grad_output=torch.tensor(1.0, dtype=torch.float64))
            if run.grad_error:
                raise Mismatch(Text(f"gradient of l2_penalty(w) for w {describe(w)}: {run.grad_error}",
                            f"w 为 {describe(w)} 时 l2_penalty(w) 的梯度：{run.grad_error}"))
            expect_close(run.grads[0], w, what=Text(f"the gradient of l2_penalty(w) for w {describe(w)}", f"w 为 {describe(w)} 时 l2_penalty(w) 的梯度"), inputs=[w],
                         hints=[Hint(Text("the gradient is 2w: you forgot the factor 1/2", "梯度是 2w：你漏了 1/2 因子"), 2 * w)])


@graded(1, "l2_penalty", Text("l2_penalty returns a 0-dim tensor of w's dtype and leaves w untouched", "l2_penalty 返回 w 的 dtype 的 0 维张量，且不修改 w"))
def test_l2_penalty_dtype(student, credit):
    for dtype in (torch.float16, torch.float32, torch.float64):
        w = (torch.randn(4, 3, generator=torch.Generator().manual_seed(6)) * 0.5).to(dtype)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("l2_penalty", w.clone(), keep_args=True)
            expected = reference_l2(w)
            expect_close(run.value, expected, what=Text(f"l2_penalty(w) for w {describe(w)}", f"w 为 {describe(w)} 时的 l2_penalty(w)"), inputs=[w], scale=float(expected),
                         rtol={torch.float16: 4e-3, torch.float32: 1e-5}.get(dtype))
            expect_unchanged([w], run.args_after, what=Text(f"l2_penalty(w) for w {describe(w)}", f"w 为 {describe(w)} 时的 l2_penalty(w)"))


@graded(1, "l2_penalty", Text("l2_penalty is vectorised (within its time budget of (w ** 2).sum() / 2)", "l2_penalty 已向量化（在相对 (w ** 2).sum() / 2 的时间预算内）"))
def test_l2_penalty_speed(student):
    w = torch.randn(4096, 64, generator=torch.Generator().manual_seed(7))
    expect_fast(student, "l2_penalty", w, reference=reference_l2, what=Text(f"l2_penalty(w) for w {describe(w)}", f"w 为 {describe(w)} 时的 l2_penalty(w)"))


@graded(1, "l2_penalty", Text("l2_penalty on CUDA: equals the formula, stays on the GPU, no host sync", "CUDA 上的 l2_penalty：与公式一致，留在 GPU 上，无主机同步"))
@requires_cuda
def test_l2_penalty_gpu(student, credit):
    for dtype in (torch.float32, torch.float64):
        w = torch.randn(300, 70, generator=torch.Generator().manual_seed(8)).to(dtype)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            expect_cuda_matches(student, "l2_penalty", w, reference=reference_l2, what=Text(f"l2_penalty(w) for w {describe(w)}", f"w 为 {describe(w)} 时的 l2_penalty(w)"))


# ======================================================================================== AdamW


class AdamWVariant(torch.optim.Optimizer):
    """AdamW with one known mistake, to recognise it in a student's trajectory (judge side only)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, *, mistake):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))
        self.mistake = mistake
        for group in self.param_groups:
            group["initial_lr"] = group["lr"]

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr = group["initial_lr"] if self.mistake == "frozen_lr" else group["lr"]
            wd, eps = group["weight_decay"], group["eps"]
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(step=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                state["step"] += 1
                t, m, v = state["step"], state["m"], state["v"]
                if self.mistake == "decay_without_lr":
                    p.mul_(1 - wd)
                elif self.mistake != "decay_after":
                    p.mul_(1 - lr * wd)
                g = p.grad
                m.mul_(beta1).add_(g, alpha=1 - beta1)
                v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
                if self.mistake == "no_bias_correction":
                    update = m / (v.sqrt() + eps)
                elif self.mistake == "eps_inside_sqrt":
                    update = (m / (1 - beta1 ** t)) / (v / (1 - beta2 ** t) + eps).sqrt()
                elif self.mistake == "eps_before_correction":
                    update = (m / (1 - beta1 ** t)) / ((v.sqrt() + eps) / math.sqrt(1 - beta2 ** t))
                else:
                    update = (m / (1 - beta1 ** t)) / (v.sqrt() / math.sqrt(1 - beta2 ** t) + eps)
                p.sub_(lr * update)
                if self.mistake == "decay_after":
                    p.mul_(1 - lr * wd)


def _variant(mistake):
    return types.SimpleNamespace(AdamW=functools.partial(AdamWVariant, mistake=mistake))


ADAMW_MISTAKES = [
    (types.SimpleNamespace(AdamW=torch.optim.Adam),
     Text("this is Adam with an L2 penalty (weight_decay * p added to the gradient); AdamW decays the weights directly: "
          "p <- p * (1 - lr * weight_decay), outside the adaptive update",
          "这是带 L2 惩罚的 Adam（把 weight_decay * p 加到梯度上）；AdamW 直接衰减权重："
          "p <- p * (1 - lr * weight_decay)，在自适应更新之外")),
    (_variant("decay_after"), Text("apply the decay p <- p * (1 - lr * weight_decay) BEFORE the Adam update, not after it", "在 Adam 更新之前（而不是之后）执行衰减 p <- p * (1 - lr * weight_decay)")),
    (_variant("decay_without_lr"), Text("the decoupled decay is scaled by the learning rate: p <- p * (1 - lr * weight_decay)", "解耦的权重衰减要乘以学习率：p <- p * (1 - lr * weight_decay)")),
    (_variant("frozen_lr"), Text("read lr from each param group at every step (a scheduler changes group['lr']); "
                                 "you seem to use the learning rate given to the constructor",
                                 "每一步都从各参数组读取 lr（学习率调度器会修改 group['lr']）；你似乎用的是传给构造函数的学习率")),
    (_variant("no_bias_correction"), Text("divide m by (1 - beta1 ** t) and v by (1 - beta2 ** t) (bias correction)", "把 m 除以 (1 - beta1 ** t)，把 v 除以 (1 - beta2 ** t)（偏差修正）")),
    (_variant("eps_inside_sqrt"), Text("add eps after the square root: sqrt(v_hat) + eps, not sqrt(v_hat + eps)", "在平方根之后加 eps：sqrt(v_hat) + eps，而不是 sqrt(v_hat + eps)")),
    (_variant("eps_before_correction"), Text("add eps to sqrt(v_hat) = sqrt(v) / sqrt(1 - beta2 ** t), after the bias correction", "在偏差修正之后把 eps 加到 sqrt(v_hat) = sqrt(v) / sqrt(1 - beta2 ** t) 上")),
]


def expect_trajectory(mine, theirs, names, shapes, what="", hint_runs=(), rtol=None, atol=None, notes=None):
    """Compare the parameters after every step; report the first step and parameter where they differ.

    ``mine``/``theirs`` hold the flattened parameters after each step (one row per step);
    ``names``/``shapes`` say which parameter each slice of a row is, in the student's terms.
    ``hint_runs``: (a function computing a mistaken trajectory, what to tell the student if theirs matches it).
    """
    if not isinstance(mine, torch.Tensor) or mine.shape != theirs.shape:
        raise Mismatch(Text(f"{what}the parameters could not be followed through the steps "
                            "(did step() replace the parameter tensors instead of updating them in place?)",
                            f"{what}无法逐步跟踪参数（step() 是不是替换了参数张量，而不是原地更新它们？）"))
    bounds = [0]
    for shape in shapes:
        bounds.append(bounds[-1] + math.prod(shape))
    for step in range(theirs.shape[0]):
        try:
            torch.testing.assert_close(mine[step], theirs[step], rtol=rtol or 1e-7, atol=atol or 1e-7, check_dtype=False)
            continue
        except AssertionError:
            pass
        note = (notes or {}).get(step, "")
        for name, shape, lo, hi in zip(names, shapes, bounds, bounds[1:]):
            hints = [Hint(message, lambda run=run, step=step, lo=lo, hi=hi, shape=shape: run()[step, lo:hi].reshape(shape))
                     for run, message in hint_runs]
            expect_close(mine[step, lo:hi].reshape(shape), theirs[step, lo:hi].reshape(shape),
                         what=Text(f"{what}{name} after step {step + 1}{note}", f"{what}第 {step + 1} 步之后的 {name}{note}"), inputs=[theirs[step]], rtol=rtol, atol=atol,
                         hints=hints)


def _adamw_case(student, credit, label, names, kwargs, rtol=None, atol=None, notes=None):
    with credit.case(label):
        mine = run_scenario(student, "adamw_trajectory", **kwargs)
        theirs = scenarios.adamw_trajectory(TORCH, **kwargs)
        hint_runs = [(functools.cache(functools.partial(scenarios.adamw_trajectory, namespace, **kwargs)), message)
                     for namespace, message in ADAMW_MISTAKES]
        expect_trajectory(mine, theirs, names, kwargs["shapes"], "", hint_runs, rtol=rtol, atol=atol, notes=notes)


@graded(3, "AdamW", Text("20 AdamW steps match torch.optim.AdamW: two param groups, per-group hyperparameters, lr changes", "20 步 AdamW 与 torch.optim.AdamW 一致：两个参数组、各组的超参数、学习率变化"))
def test_adamw_trajectories(student, credit):
    _adamw_case(student, credit, Text("AdamW([{w1 (4, 3), w2 (5,), weight_decay=0.5}, {b (3,)}], lr=0.05), group 0's lr set to 0.02 before step 11",
                                      "AdamW([{w1 (4, 3), w2 (5,), weight_decay=0.5}, {b (3,)}], lr=0.05)，第 11 步之前把参数组 0 的 lr 设为 0.02"), ["w1", "w2", "b"],
                dict(shapes=[(4, 3), (5,), (3,)], groups=[{"indices": [0, 1], "weight_decay": 0.5}, {"indices": [2]}],
                     defaults={"lr": 0.05}, steps=20, lr_changes=[[10, 0, 0.02]], seed=11),
                notes={10: Text(" (the first step after group 0's lr was changed to 0.02)", "（参数组 0 的 lr 改为 0.02 之后的第一步）")})
    _adamw_case(student, credit, Text("AdamW([{w (6, 2)}, {b (6,), betas=(0.5, 0.9), eps=0.1, weight_decay=0.0}], lr=0.1, weight_decay=0.3), gradients of b scaled by 0.01",
                                      "AdamW([{w (6, 2)}, {b (6,), betas=(0.5, 0.9), eps=0.1, weight_decay=0.0}], lr=0.1, weight_decay=0.3)，b 的梯度乘以 0.01"), ["w", "b"],
                dict(shapes=[(6, 2), (6,)], groups=[{"indices": [0]},
                                                    {"indices": [1], "betas": (0.5, 0.9), "eps": 0.1, "weight_decay": 0.0}],
                     defaults={"lr": 0.1, "weight_decay": 0.3}, steps=20, grad_scales=[1.0, 0.01], seed=12))
    _adamw_case(student, credit, Text("AdamW([{w (8, 8), weight_decay=0.1}, {b (8,), weight_decay=1.0}], lr=0.01) in float32, "
                                      "lr of both groups changed to 0.03 before step 9 and to 0.005 before step 17",
                                      "float32 下的 AdamW([{w (8, 8), weight_decay=0.1}, {b (8,), weight_decay=1.0}], lr=0.01)，"
                                      "两个参数组的 lr 在第 9 步之前改为 0.03，在第 17 步之前改为 0.005"), ["w", "b"],
                dict(shapes=[(8, 8), (8,)], groups=[{"indices": [0], "weight_decay": 0.1}, {"indices": [1], "weight_decay": 1.0}],
                     defaults={"lr": 0.01}, steps=20, lr_changes=[[8, 0, 0.03], [8, 1, 0.03], [16, 0, 0.005], [16, 1, 0.005]],
                     seed=13, dtype=torch.float32),
                rtol=1e-5, atol=1e-6, notes={8: Text(" (the first step after the lr was changed to 0.03)", "（lr 改为 0.03 之后的第一步）"),
                                             16: Text(" (the first step after the lr was changed to 0.005)", "（lr 改为 0.005 之后的第一步）")})


@graded(1, "AdamW", Text("AdamW's decay is decoupled: it differs from Adam with an L2 penalty", "AdamW 的衰减是解耦的：它不同于带 L2 惩罚的 Adam"))
def test_adamw_decoupled(student, credit):
    """Large weight decay and gradients of very different scales: AdamW decays all weights alike, Adam+L2 does not."""
    _adamw_case(student, credit, Text("AdamW([w1 (5, 4), w2 (5, 4)], lr=0.01, weight_decay=1.0), gradients of w1 x 100 and of w2 x 0.001", "AdamW([w1 (5, 4), w2 (5, 4)], lr=0.01, weight_decay=1.0)，w1 的梯度乘以 100，w2 的梯度乘以 0.001"),
                ["w1", "w2"],
                dict(shapes=[(5, 4), (5, 4)], groups=[{"indices": [0, 1]}], defaults={"lr": 0.01, "weight_decay": 1.0},
                     steps=20, grad_scales=[100.0, 0.001], seed=14))


@graded(2, "AdamW", Text("AdamW's bookkeeping: defaults, parameters without gradients, closure, state_dict, invalid arguments", "AdamW 的细节：默认值、没有梯度的参数、闭包、state_dict、无效参数"))
def test_adamw_bookkeeping(student, credit):
    _adamw_case(student, credit, Text("AdamW(params) with the default hyperparameters (lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2), 10 steps",
                                      "使用默认超参数（lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2）的 AdamW(params)，10 步"), ["w", "b"],
                dict(shapes=[(3, 3), (3,)], groups=[{"indices": [0, 1]}], defaults={}, steps=10, seed=15))
    _adamw_case(student, credit, Text("AdamW([w (3, 2), u (4,), b (2,)], lr=0.1, weight_decay=0.5) where u.grad stays None "
                                      "(u must not change at all, not even decay)",
                                      "AdamW([w (3, 2), u (4,), b (2,)], lr=0.1, weight_decay=0.5)，其中 u.grad 一直是 None"
                                      "（u 完全不能变，连衰减也不能有）"), ["w", "u", "b"],
                dict(shapes=[(3, 2), (4,), (2,)], groups=[{"indices": [0, 1, 2]}], defaults={"lr": 0.1, "weight_decay": 0.5},
                     steps=6, seed=16, none_grad=[1]))
    with credit.case(Text("AdamW([w (3, 4), b (4,)], lr=0.05, weight_decay=0.1): step(closure) calls the closure and returns its loss", "AdamW([w (3, 4), b (4,)], lr=0.05, weight_decay=0.1)：step(closure) 调用闭包并返回其损失")):
        losses, mine = run_scenario(student, "adamw_closure", 5)
        expected_losses, theirs = scenarios.adamw_closure(TORCH, 5)
        if any(loss is None for loss in losses):
            raise Mismatch(Text("step(closure) returned None; it should return the loss the closure returned",
                            "step(closure) 返回了 None；它应返回闭包所返回的损失"))
        expect_trajectory(mine, theirs, ["w", "b"], [(3, 4), (4,)])
        expect_close(torch.stack(losses), torch.stack(expected_losses), what=Text("the losses returned by step(closure) over 5 steps", "5 步中 step(closure) 返回的损失"))
    with credit.case(Text("4 steps, state_dict() loaded into a new AdamW, 4 more steps: training resumes where it was", "4 步，把 state_dict() 载入一个新的 AdamW，再走 4 步：训练从原处继续")):
        mine = run_scenario(student, "adamw_resume", 4, 4)
        theirs = scenarios.adamw_resume(TORCH, 4, 4)
        expect_trajectory(mine, theirs, ["w", "b"], [(4, 3), (3,)], notes={
            4: Text(" (the first step after loading the state: keep m, v and the step count in self.state[p])",
                    "（载入状态之后的第一步：把 m、v 和步数保存在 self.state[p] 中）")})
    with credit.case(Text("invalid hyperparameters raise ValueError", "无效的超参数引发 ValueError")):
        cases = [{"lr": -0.1}, {"eps": -1e-8}, {"betas": (1.0, 0.999)}, {"betas": (0.9, -0.5)}, {"weight_decay": -0.01}]
        raised = run_scenario(student, "adamw_errors", cases)
        for kwargs, mro in zip(cases, raised):
            text = ", ".join(f"{k}={v}" for k, v in kwargs.items())
            if mro is None:
                raise Mismatch(Text(f"AdamW(params, {text}) should raise ValueError like torch.optim.AdamW; yours accepted it",
                            f"AdamW(params, {text}) 应像 torch.optim.AdamW 一样引发 ValueError；你的却接受了它"))
            if "ValueError" not in mro:
                raise Mismatch(Text(f"AdamW(params, {text}) should raise ValueError like torch.optim.AdamW; yours raised {mro[0]}",
                            f"AdamW(params, {text}) 应像 torch.optim.AdamW 一样引发 ValueError；你的引发了 {mro[0]}"))


@graded(1, "AdamW", Text("AdamW.step is vectorised (within its time budget of torch.optim.AdamW)", "AdamW.step 已向量化（在相对 torch.optim.AdamW 的时间预算内）"))
def test_adamw_speed(student):
    expect_fast(student, "AdamW", (512, 64), 5, reference=functools.partial(scenarios.adamw_steps, TORCH),
                scenario="adamw_steps", what=Text("5 AdamW steps on a (512, 64) weight and a (512,) bias", "在 (512, 64) 的权重和 (512,) 的偏置上执行 5 步 AdamW"))


@graded(1, "AdamW", Text("AdamW on CUDA: parameters stay on the GPU and follow torch.optim.AdamW", "CUDA 上的 AdamW：参数留在 GPU 上并与 torch.optim.AdamW 一致"))
@requires_cuda
def test_adamw_gpu(student, credit):
    kwargs = dict(shapes=[(64, 32), (32,)], groups=[{"indices": [0], "weight_decay": 0.1}, {"indices": [1], "weight_decay": 0.0}],
                  defaults={"lr": 0.01}, steps=10, lr_changes=[[5, 0, 0.02]], seed=17, dtype=torch.float32, device=DEVICE)
    with credit.case(Text("AdamW([{w (64, 32), weight_decay=0.1}, {b (32,), weight_decay=0}], lr=0.01), float32 on CUDA", "AdamW([{w (64, 32), weight_decay=0.1}, {b (32,), weight_decay=0}], lr=0.01)，CUDA 上的 float32")):
        mine = run_scenario(student, "adamw_trajectory", **kwargs)
        theirs = scenarios.adamw_trajectory(TORCH, **kwargs)
        if mine.device.type != torch.device(DEVICE).type:
            raise Mismatch(Text("AdamW on CUDA parameters: the parameters ended up on the CPU; keep the state on the parameters' device",
                            "CUDA 参数上的 AdamW：参数最后跑到了 CPU 上；请把状态保存在参数所在的设备上"))
        expect_trajectory(mine, theirs, ["w", "b"], kwargs["shapes"], rtol=1e-4, atol=1e-5)


# ================================================================================= param_groups


def reference_param_groups(model, weight_decay):
    params = list(model.parameters())
    return [{"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay},
            {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0}]


REFERENCE_GROUPS = types.SimpleNamespace(param_groups=reference_param_groups)

MODELS = {
    "mlp": Text("an MLP (Flatten, Linear(12, 16), ReLU, Linear(16, 4))", "一个多层感知机（Flatten, Linear(12, 16), ReLU, Linear(16, 4)）"),
    "cnn": Text("a CNN (Conv2d, BatchNorm2d, ReLU, Conv2d without bias, pooling, Linear)",
                "一个卷积神经网络（Conv2d、BatchNorm2d、ReLU、无偏置的 Conv2d、池化、Linear）"),
    "block": Text("a transformer-like block (LayerNorm, bias-free Linear layers, a LayerNorm without bias, an MLP, "
                  "a 0-dim temperature parameter and a (1, 4, 16) position parameter)",
                  "一个类似 Transformer 的块（LayerNorm、无偏置的 Linear 层、无偏置的 LayerNorm、一个多层感知机、"
                  "一个 0 维的温度参数和一个 (1, 4, 16) 的位置参数）"),
    "tied": Text("a model whose output Linear shares its weight with an Embedding and whose block is used twice",
                 "一个输出 Linear 与 Embedding 共享权重、且某个块被使用两次的模型"),
}


def _describe_groups(student, model_name, weight_decay, device="cpu"):
    """The student's report, the reference report and a first structural check."""
    call = Text(f"param_groups(model, {weight_decay}) for {MODELS[model_name]}", f"{MODELS[model_name]}的 param_groups(model, {weight_decay})")
    report = run_scenario(student, "param_groups_report", model_name, weight_decay, device=device)
    if report["type"] not in ("list", "tuple"):
        raise Mismatch(Text(f"{call} should return a list of two dicts; yours returned a {report['type']}",
                            f"{call} 应返回由两个字典组成的列表；你的返回了一个 {report['type']}"))
    if len(report["groups"]) != 2:
        raise Mismatch(Text(f"{call} should return a list of two param groups (decay, no decay); yours has {len(report['groups'])}",
                            f"{call} 应返回由两个参数组（衰减、不衰减）组成的列表；你的有 {len(report['groups'])} 个"))
    for group in report["groups"]:
        if group["keys"] is None or "params" not in group["keys"]:
            raise Mismatch(Text(f"{call}: each group should be a dict with a 'params' list and a 'weight_decay'",
                                f"{call}：每个参数组都应是含有 'params' 列表和 'weight_decay' 的字典"))
    reference = scenarios.param_groups_report(REFERENCE_GROUPS, model_name, weight_decay, device=device)
    return call, report, reference


def _which_is_decay(call, report, weight_decay):
    """The decay group and the no-decay group of the student's report (any order accepted here)."""
    values = [group["weight_decay"] for group in report["groups"]]
    if weight_decay in values and 0.0 in values and values[0] != values[1]:
        first = values.index(weight_decay)
        return report["groups"][first], report["groups"][1 - first]
    raise Mismatch(Text(f"{call}: one group should have weight_decay={weight_decay} and the other weight_decay=0.0; "
                        f"yours have {values[0]} and {values[1]}",
                        f"{call}：一个参数组应为 weight_decay={weight_decay}，另一个为 weight_decay=0.0；你的是 {values[0]} 和 {values[1]}"))


@graded(3, "param_groups", Text("param_groups decays exactly the parameters with ndim >= 2 (Linear, Conv2d, LayerNorm, BatchNorm, "
                                "bias-free layers, 0-dim parameters)",
                                "param_groups 恰好衰减 ndim >= 2 的参数（Linear、Conv2d、LayerNorm、BatchNorm、无偏置的层、0 维参数）"))
def test_param_groups_partition(student, credit):
    for model_name, weight_decay in (("mlp", 0.05), ("cnn", 5e-4), ("block", 0.1)):
        with credit.case(Text(f"the {model_name} model", f"模型 {model_name}")):
            call, report, reference = _describe_groups(student, model_name, weight_decay)
            decay, no_decay = _which_is_decay(call, report, weight_decay)
            want_decay, want_none = reference["groups"][0]["names"], reference["groups"][1]["names"]
            wrongly_decayed = [n for n in decay["names"] if n in want_none]
            wrongly_kept = [n for n in no_decay["names"] if n in want_decay]
            missing = [n for n in want_decay + want_none if n not in decay["names"] + no_decay["names"]]
            problems = []
            if wrongly_decayed:
                problems.append(Text(f"decays {wrongly_decayed}, which have ndim < 2", f"衰减了 ndim < 2 的 {wrongly_decayed}"))
            if wrongly_kept:
                problems.append(Text(f"does not decay {wrongly_kept}, which have ndim >= 2", f"没有衰减 ndim >= 2 的 {wrongly_kept}"))
            if missing:
                problems.append(Text(f"leaves out {missing}", f"漏掉了 {missing}"))
            if problems:
                message = Text("{call}: yours {problems}", "{call}：你的{problems}").format(
                    call=call, problems="; ".join(str(p) for p in problems))
                if any(n.endswith(".weight") for n in wrongly_decayed):
                    message += Text(". Hint: a LayerNorm/BatchNorm weight is 1-D: decide by p.ndim, not by the name",
                                    "。提示：LayerNorm/BatchNorm 的权重是一维的：按 p.ndim 判断，而不是按名字")
                elif any(n.endswith("bias") for n in wrongly_decayed):
                    message += Text(". Hint: biases are 1-D and are not decayed", "。提示：偏置是一维的，不做衰减")
                elif "temperature" in wrongly_decayed or "temperature" in missing:
                    message += Text(". Hint: a 0-dim parameter has ndim < 2, so it goes to the no-decay group",
                                    "。提示：0 维参数的 ndim < 2，所以它属于不衰减的参数组")
                raise Mismatch(message)


@graded(1, "param_groups", Text("every parameter appears exactly once (tied weights, a block used twice)", "每个参数恰好出现一次（共享权重、使用两次的块）"))
def test_param_groups_once(student, credit):
    for model_name in ("tied", "cnn", "block"):
        with credit.case(Text(f"the {model_name} model", f"模型 {model_name}")):
            call, report, reference = _describe_groups(student, model_name, 0.1)
            names = [n for group in report["groups"] for n in group["names"]]
            expected = sorted(n for group in reference["groups"] for n in group["names"])
            duplicates = sorted({n for n in names if names.count(n) > 1})
            foreign = [n for n in names if n.startswith("<")]
            if foreign:
                raise Mismatch(Text(f"{call}: your groups hold {len(foreign)} tensor(s) that are not the model's own parameters "
                                    "(copies? the optimizer must update the model's parameters themselves)",
                                    f"{call}：你的参数组中有 {len(foreign)} 个张量不是模型自己的参数"
                                    "（副本？优化器必须更新模型的参数本身）"))
            if duplicates:
                raise Mismatch(Text(f"{call}: {duplicates} appear more than once; iterate over model.parameters() "
                                    "(or named_parameters()), which lists a shared parameter once",
                                    f"{call}：{duplicates} 出现了不止一次；请遍历 model.parameters()"
                                    "（或 named_parameters()），它只列出共享参数一次"))
            if sorted(names) != expected:
                raise Mismatch(Text(f"{call}: yours leave out {sorted(set(expected) - set(names))}",
                                    f"{call}：你的漏掉了 {sorted(set(expected) - set(names))}"))


@graded(1, "param_groups", Text("param_groups returns [decay group, no-decay group] with weight_decay values exactly as given", "param_groups 返回 [衰减组, 不衰减组]，weight_decay 的值与给定的完全一致"))
def test_param_groups_structure(student, credit):
    for model_name, weight_decay in (("mlp", 0.3), ("block", 1e-2)):
        with credit.case(Text(f"the {model_name} model", f"模型 {model_name}")):
            call, report, _ = _describe_groups(student, model_name, weight_decay)
            first, second = report["groups"]
            if first["weight_decay"] != weight_decay or second["weight_decay"] != 0.0:
                raise Mismatch(Text(f"{call}: the first group should be the decay group with weight_decay={weight_decay} and the "
                                    f"second have weight_decay=0.0; yours have {first['weight_decay']} "
                                    f"({first['weight_decay_type']}) and {second['weight_decay']} ({second['weight_decay_type']})",
                                    f"{call}：第一个参数组应是 weight_decay={weight_decay} 的衰减组，第二个的 weight_decay=0.0；"
                                    f"你的是 {first['weight_decay']}（{first['weight_decay_type']}）和 "
                                    f"{second['weight_decay']}（{second['weight_decay_type']}）"))


@graded(1, "param_groups", Text("the groups work in torch.optim.SGD: one step equals the reference's", "这些参数组可用于 torch.optim.SGD：走一步与参考实现一致"))
def test_param_groups_sgd(student, credit):
    for model_name, weight_decay in (("cnn", 0.5), ("block", 0.2), ("tied", 0.3)):
        with credit.case(Text(f"the {model_name} model", f"模型 {model_name}")):
            call, report, reference = _describe_groups(student, model_name, weight_decay)
            if report["sgd_error"]:
                raise Mismatch(Text(f"torch.optim.SGD(param_groups(model, {weight_decay}), lr=0.1) for {MODELS[model_name]} "
                                    f"raised {report['sgd_error']}",
                                    f"{MODELS[model_name]}的 torch.optim.SGD(param_groups(model, {weight_decay}), lr=0.1) "
                                    f"引发了 {report['sgd_error']}"))
            for name, expected in reference["after_step"].items():
                expect_close(report["after_step"][name], expected,
                             what=Text(f"parameter {name} after one torch.optim.SGD step with {call}", f"用 {call} 走一步 torch.optim.SGD 之后的参数 {name}"))


@functools.cache
def _deep_model():
    return scenarios.build_model("deep100")


@graded(1, "param_groups", Text("param_groups is fast (within its time budget of a plain loop over model.parameters())", "param_groups 足够快（在相对简单遍历 model.parameters() 的时间预算内）"))
def test_param_groups_speed(student):
    model = _deep_model()

    def reference(model_name, weight_decay, repeats):
        return [len(reference_param_groups(model, weight_decay)) for _ in range(repeats)]

    expect_fast(student, "param_groups", "deep100", 0.1, 5, reference=reference, scenario="param_groups_timing",
                what=Text("5 calls of param_groups(model, 0.1) for a model of 100 (Linear, LayerNorm) pairs",
                          "对含 100 对 (Linear, LayerNorm) 的模型调用 5 次 param_groups(model, 0.1)"))


@graded(1, "param_groups", Text("param_groups on a CUDA model: the groups hold the model's own CUDA parameters", "CUDA 模型上的 param_groups：参数组中是模型自己的 CUDA 参数"))
@requires_cuda
def test_param_groups_gpu(student, credit):
    for model_name in ("cnn", "block"):
        with credit.case(Text(f"the {model_name} model", f"模型 {model_name}")):
            call, report, reference = _describe_groups(student, model_name, 0.1, device=DEVICE)
            decay, no_decay = _which_is_decay(call, report, 0.1)
            if sorted(decay["names"]) != sorted(reference["groups"][0]["names"]) or \
                    sorted(no_decay["names"]) != sorted(reference["groups"][1]["names"]):
                raise Mismatch(Text(f"{call} on CUDA: the groups do not split the model's parameters by ndim",
                            f"CUDA 上的 {call}：参数组没有按 ndim 划分模型的参数"))
            for name, expected in reference["after_step"].items():
                expect_close(report["after_step"][name], expected, what=Text(f"parameter {name} after one SGD step on CUDA with {call}", f"在 CUDA 上用 {call} 走一步 SGD 之后的参数 {name}"))


# ======================================================================== fit_linear_regression


def reference_fit(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    """The counterpart: torch.optim.SGD with per-group weight decay, autograd for the gradients."""
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([{"params": [w], "weight_decay": weight_decay}, {"params": [b], "weight_decay": 0.0}], lr=lr)
    for _ in range(num_epochs):
        for start in range(0, X.shape[0], batch_size):
            loss = ((X[start:start + batch_size] @ w + b - y[start:start + batch_size]) ** 2).mean() / 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return w.detach(), b.detach()


def mistaken_fit(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size, *, bias_decay=0.0, penalty_factor=1.0,
                 drop_last=False, loss_factor=1.0, reverse=False):
    """fit_linear_regression with a known mistake (by hand, judge side), to recognise it."""
    w, b = w0.clone(), b0.clone()
    n = X.shape[0]
    starts = list(range(0, n - batch_size + 1 if drop_last else n, batch_size))
    for _ in range(num_epochs):
        for start in (reversed(starts) if reverse else starts):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            r = (Xb @ w + b - yb) * loss_factor
            w = w - lr * (Xb.T @ r / r.numel() + penalty_factor * weight_decay * w)
            b = b - lr * ((r.sum() / r.numel()).reshape(b.shape) + bias_decay * b)
    return w, b


FIT_MISTAKES = [
    (dict(bias_decay=None), Text("only w is decayed: the bias b has weight_decay 0", "只衰减 w：偏置 b 的 weight_decay 为 0")),
    (dict(penalty_factor=2.0), Text("the gradient of weight_decay * (w ** 2).sum() / 2 is weight_decay * w, not 2 * weight_decay * w", "weight_decay * (w ** 2).sum() / 2 的梯度是 weight_decay * w，而不是 2 * weight_decay * w")),
    (dict(drop_last=True), Text("keep the last, smaller minibatch when batch_size does not divide n", "当 batch_size 不能整除 n 时，保留最后那个较小的小批量")),
    (dict(loss_factor=2.0), Text("the loss is ((X @ w + b - y) ** 2).mean() / 2: its gradient has no factor 2", "损失是 ((X @ w + b - y) ** 2).mean() / 2：它的梯度没有因子 2")),
    (dict(reverse=True), Text("take the minibatches in order, from the first rows to the last", "按顺序取小批量，从第一行到最后一行")),
]


def fit_hints(args, actual, expected, index):
    """At most one hint: the known mistake that explains the student's answer far better than the right one.

    A mistake that makes no visible difference on this problem (e.g. decaying b with weight_decay=0) is never named.
    """
    # A generator: expect_close iterates hints only after a mismatch, so the five fits run only for a wrong answer.
    if not isinstance(actual, torch.Tensor) or actual.shape != expected.shape:
        return
    best, best_error = None, None
    for options, message in FIT_MISTAKES:
        options = {**options, "bias_decay": args[4]} if options.get("bias_decay", 0.0) is None else options
        candidate = mistaken_fit(*args, **options)[index]
        gap = float((candidate - expected).abs().max())
        error = float((actual.to(candidate.dtype) - candidate).abs().max())
        if gap > 1e-4 and error < 0.01 * gap and (best_error is None or error < best_error):
            best, best_error = Hint(message, candidate), error
    if best:
        yield best


def fit_call(args):
    X = args[0]
    call = (f"fit_linear_regression(X, y, w0, b0, weight_decay={args[4]:g}, lr={args[5]:g}, num_epochs={args[6]}, "
            f"batch_size={args[7]})")
    return Text("{call} with X {x}", "X 为 {x} 时的 {call}").format(call=call, x=describe(X))


def check_fit(student, args, rtol=None, atol=None, hints=True):
    what = fit_call(args)
    result = student.fit_linear_regression(*args)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mismatch(Text(f"{what} should return a pair (w, b); yours returned {describe(result)}",
                            f"{what} 应返回一对 (w, b)；你的返回了 {describe(result)}"))
    expected = reference_fit(*args)
    for index, name in enumerate("wb"):
        expect_close(result[index], expected[index], what=Text(f"{name} returned by {what}", f"{what} 返回的 {name}"), inputs=args[:4],
                     rtol=rtol, atol=atol, hints=fit_hints(args, result[index], expected[index], index) if hints else ())
    return result


NOT_RUN = Text("the experiment could not be run (see above)", "实验无法运行（见上文）")


def make_problem(n, d, seed, dtype=torch.float64, device="cpu"):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=generator, dtype=torch.float64)
    w_true = torch.randn(d, 1, generator=generator, dtype=torch.float64)
    y = X @ w_true + 0.7 + 0.1 * torch.randn(n, 1, generator=generator, dtype=torch.float64)
    w0 = torch.randn(d, 1, generator=generator, dtype=torch.float64)
    b0 = torch.randn(1, generator=generator, dtype=torch.float64)
    return [t.to(dtype=dtype, device=device) for t in (X, y, w0, b0)]


@st.composite
def fit_problems(draw):
    """n 1-24 rows, d 1-6 features, any batch size 1..n+2, 1-3 epochs, weight decay 0-3, float64."""
    n = draw(st.integers(1, 24))
    d = draw(st.integers(1, 6))
    batch_size = draw(st.integers(1, n + 2))
    num_epochs = draw(st.integers(1, 3))
    weight_decay = draw(st.sampled_from([0.0, 0.1, 1.0, 3.0]))
    lr = draw(st.sampled_from([0.01, 0.05, 0.1]))
    seed = draw(st.integers(0, 2**31 - 1))
    return (*make_problem(n, d, seed), weight_decay, lr, num_epochs, batch_size)


@graded(2, "fit_linear_regression", Text("fit_linear_regression matches torch.optim.SGD with weight decay on w only (random problems)", "fit_linear_regression 与只对 w 做权重衰减的 torch.optim.SGD 一致（随机问题）"))
@given(args=fit_problems())
def test_fit_random(student, args):
    check_fit(student, args)


@graded(1, "fit_linear_regression", Text("fit_linear_regression's conventions: bias not decayed, minibatches in order, "
                                         "last smaller minibatch kept",
                                         "fit_linear_regression 的约定：偏置不衰减，小批量按顺序，保留最后较小的小批量"))
def test_fit_conventions(student, credit):
    cases = {
        Text("a large weight decay (3.0) and an offset of 0.7 to learn: b must not be decayed",
             "很大的权重衰减（3.0），要学习的偏移为 0.7：b 不能衰减"): (12, 3, 3.0, 0.1, 4, 4),
        Text("n=10 rows in minibatches of 4 (the last has 2 rows)", "n=10 行，小批量大小为 4（最后一个有 2 行）"): (10, 2, 0.1, 0.1, 2, 4),
        Text("n=12 rows in minibatches of 3, one epoch, no shuffling", "n=12 行，小批量大小为 3，一个迭代周期，不打乱"): (12, 3, 0.5, 0.2, 1, 3),
        Text("weight_decay=0 is plain minibatch SGD", "weight_decay=0 就是普通的小批量随机梯度下降"): (9, 4, 0.0, 0.1, 3, 2),
    }
    for index, (label, (n, d, weight_decay, lr, num_epochs, batch_size)) in enumerate(cases.items()):
        with credit.case(label):
            check_fit(student, (*make_problem(n, d, 100 + index), weight_decay, lr, num_epochs, batch_size))


def overfitting_data(seed=2):
    """d2l 4.5: 20 training and 100 test examples in 200 dimensions, y = 0.01 * sum(x) + 0.05 + noise(0.01)."""
    generator = torch.Generator().manual_seed(seed)

    def synthetic(n):
        X = torch.randn(n, 200, generator=generator)
        return X, X @ torch.full((200, 1), 0.01) + 0.05 + 0.01 * torch.randn(n, 1, generator=generator)

    train, test = synthetic(20), synthetic(100)
    return train, test, torch.randn(200, 1, generator=generator), torch.zeros(1)


@graded(2, "fit_linear_regression", Text("the d2l overfitting experiment (n=20, d=200, 100 epochs): weight decay 3 shrinks "
                                         "||w|| from about 13 to about 0.35 and lowers the test loss",
                                         "d2l 的过拟合实验（n=20，d=200，100 个迭代周期）：权重衰减 3 使 ||w|| 从约 13 缩小到约 0.35，并降低测试损失"))
def test_fit_overfitting_experiment(student, credit):
    """d2l 4.5 with a fixed seed: no randomness in the student's code, so bands only absorb rounding."""
    (X, y), (X_test, y_test), w0, b0 = overfitting_data()
    results = {}
    for lambd in (0.0, 3.0):
        with credit.case(Text(f"training with lambda = {lambd:g} runs and returns w of shape (200, 1), b of shape (1,)", f"lambda = {lambd:g} 的训练能运行并返回形状为 (200, 1) 的 w 和形状为 (1,) 的 b")):
            w, b = student.fit_linear_regression(X, y, w0, b0, lambd, 0.003, 100, 5)
            if not isinstance(w, torch.Tensor) or w.shape != (200, 1) or not isinstance(b, torch.Tensor) or b.shape != (1,):
                raise Mismatch(Text(f"fit_linear_regression(X, y, w0, b0, {lambd:g}, 0.003, 100, 5) with X of shape (20, 200) should "
                                    "return w of shape (200, 1) and b of shape (1,)",
                                    f"X 形状为 (20, 200) 时 fit_linear_regression(X, y, w0, b0, {lambd:g}, 0.003, 100, 5) "
                                    "应返回形状为 (200, 1) 的 w 和形状为 (1,) 的 b"))
            w, b = w.double(), b.double()
            results[lambd] = (float(w.norm()), float(((X_test.double() @ w + b - y_test.double()) ** 2).mean() / 2))
    (norm0, test0), (norm3, test3) = results.get(0.0, (None, None)), results.get(3.0, (None, None))
    with credit.case(Text("without weight decay the weights stay large (||w|| about 13, the model overfits)", "没有权重衰减时权重保持很大（||w|| 约为 13，模型过拟合）")):
        if len(results) < 2:
            raise Mismatch(NOT_RUN)
        if not 11.0 <= norm0 <= 15.0:
            raise Mismatch(Text(f"with lambda = 0 your ||w|| after 100 epochs is {norm0:.3g}; the course's experiment gives about 13",
                            f"lambda = 0 时你 100 个迭代周期后的 ||w|| 为 {norm0:.3g}；课程中的实验约为 13"))
    with credit.case(Text("with weight decay 3 the weights shrink (||w|| about 0.35)", "权重衰减为 3 时权重缩小（||w|| 约为 0.35）")):
        if len(results) < 2:
            raise Mismatch(NOT_RUN)
        if not 0.25 <= norm3 <= 0.5:
            raise Mismatch(Text(f"with lambda = 3 your ||w|| after 100 epochs is {norm3:.3g}; the course's experiment gives about 0.35",
                            f"lambda = 3 时你 100 个迭代周期后的 ||w|| 为 {norm3:.3g}；课程中的实验约为 0.35"))
        if not norm3 < norm0 / 10:
            raise Mismatch(Text(f"with lambda = 3 your ||w|| ({norm3:.3g}) should be far smaller than with lambda = 0 ({norm0:.3g})",
                            f"lambda = 3 时你的 ||w||（{norm3:.3g}）应远小于 lambda = 0 时的（{norm0:.3g}）"))
    with credit.case(Text("weight decay lowers the test loss", "权重衰减降低测试损失")):
        if len(results) < 2:
            raise Mismatch(NOT_RUN)
        if not (test3 < 0.5 and test3 < test0 / 10):
            raise Mismatch(Text(f"the test loss with lambda = 3 ({test3:.3g}) should be far lower than with lambda = 0 ({test0:.3g}) "
                                "and below 0.5",
                                f"lambda = 3 时的测试损失（{test3:.3g}）应远低于 lambda = 0 时的（{test0:.3g}），并且低于 0.5"))


@graded(1, "fit_linear_regression", Text("fit_linear_regression returns new tensors of w0's and b0's shapes and dtypes, "
                                         "inputs untouched",
                                         "fit_linear_regression 返回与 w0、b0 形状和 dtype 相同的新张量，且不修改输入"))
def test_fit_outputs(student, credit):
    for dtype in (torch.float32, torch.float64):
        args = (*make_problem(10, 3, 200, dtype=dtype), 0.2, 0.1, 2, 4)
        what = fit_call(args)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("fit_linear_regression", *[a.clone() for a in args[:4]], *args[4:], keep_args=True)
            result = run.value
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                raise Mismatch(Text(f"{what} should return a pair (w, b); yours returned {describe(result)}",
                            f"{what} 应返回一对 (w, b)；你的返回了 {describe(result)}"))
            expected = reference_fit(*args)
            for index, name in enumerate("wb"):
                expect_close(result[index], expected[index], what=Text(f"{name} returned by {what}", f"{what} 返回的 {name}"), inputs=args[:4],
                             rtol=1e-5 if dtype == torch.float32 else None)
            expect_unchanged(list(args[:4]), run.args_after[:4], what=what)


@graded(1, "fit_linear_regression", Text("fit_linear_regression is vectorised (within its time budget of torch.optim.SGD)", "fit_linear_regression 已向量化（在相对 torch.optim.SGD 的时间预算内）"))
def test_fit_speed(student):
    # Few large minibatches: a loop over the examples is then far over budget (with 512, it was only 1 to 2.5 budgets over).
    args = (*make_problem(4096, 32, 300, dtype=torch.float32), 0.1, 0.01, 2, 2048)
    check_fit(student, args, rtol=1e-4, atol=1e-5, hints=False)  # speed earns points only for a right answer
    expect_fast(student, "fit_linear_regression", *args, reference=reference_fit, scenario="fit_call",
                what=Text("fit_linear_regression(X, y, w0, b0, 0.1, 0.01, num_epochs=2, batch_size=2048)",
                          "fit_linear_regression(X, y, w0, b0, 0.1, 0.01, num_epochs=2, batch_size=2048)"))


@graded(1, "fit_linear_regression", Text("fit_linear_regression on CUDA: equals torch.optim.SGD, stays on the GPU, no host sync", "CUDA 上的 fit_linear_regression：与 torch.optim.SGD 一致，留在 GPU 上，无主机同步"))
@requires_cuda
def test_fit_gpu(student, credit):
    for dtype in (torch.float32, torch.float64):
        args = (*make_problem(64, 8, 400, dtype=dtype, device=DEVICE), 0.3, 0.05, 2, 16)
        what = fit_call(args)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("fit_linear_regression", *args, sync_debug=True)
            if not isinstance(run.value, (tuple, list)) or len(run.value) != 2:
                raise Mismatch(Text(f"{what} on CUDA should return a pair (w, b)",
                            f"CUDA 上的 {what} 应返回一对 (w, b)"))
            expected = reference_fit(*args)
            for index, name in enumerate("wb"):
                expect_close(run.value[index], expected[index], what=Text(f"{name} returned by {what} on CUDA", f"CUDA 上 {what} 返回的 {name}"), inputs=args[:4],
                             rtol=1e-4 if dtype == torch.float32 else None, atol=1e-5 if dtype == torch.float32 else None)
            if run.host_syncs:
                raise Mismatch(Text(f"{what} on CUDA waited for the GPU ({run.host_syncs[0]}). Avoid .item(), .cpu(), .tolist() "
                                    "or Python `if` on tensor values inside the training loop.",
                                    f"CUDA 上的 {what} 等待了 GPU（{run.host_syncs[0]}）。在训练循环中避免 .item()、.cpu()、"
                                    ".tolist() 以及对张量值的 Python `if`。"))

"""Hidden tests for dropout, Dropout and MLP.

Randomness is judged by statistics, never against torch's random numbers, so any correct way of
drawing the mask passes. Every statistical test states its false-failure rate (the chance that a
correct implementation fails it): at most 1e-6, split evenly (Bonferroni) over the checks it makes;
the bounds are exact binomial quantiles (scipy.stats.binom) or Fisher's exact test.
"""
import importlib.util
import types
from functools import partial
from pathlib import Path

import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from torch import nn

from autograder.spec import (
    Hint,
    Mismatch,
    Text,
    describe,
    expect_close,
    expect_fast,
    expect_raises,
    expect_tensor_like,
    graded,
    requires_cuda,
    to_cuda,
)

ALPHA = 1e-6  # false-failure rate allowed per statistical test

_spec = importlib.util.spec_from_file_location("dropout_scenarios", Path(__file__).with_name("scenarios.py"))
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)


class TorchMLP(nn.Module):
    """d2l 4.6, concise implementation: the reference for timing."""

    def __init__(self, num_inputs=784, num_hiddens1=256, num_hiddens2=256, num_outputs=10, dropout1=0.2, dropout2=0.5):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(num_inputs, num_hiddens1), nn.ReLU(), nn.Dropout(dropout1),
                                 nn.Linear(num_hiddens1, num_hiddens2), nn.ReLU(), nn.Dropout(dropout2),
                                 nn.Linear(num_hiddens2, num_outputs))

    def forward(self, X):
        return self.net(X)


TORCH = types.SimpleNamespace(dropout=F.dropout, Dropout=nn.Dropout, MLP=TorchMLP)


# ------------------------------------------------------------------------------ statistics


def binomial_bounds(n, prob, alpha):
    """[lo, hi] with P(X < lo) <= alpha/2 and P(X > hi) <= alpha/2 for X ~ Binomial(n, prob)."""
    return int(stats.binom.ppf(alpha / 2, n, prob)), int(stats.binom.isf(alpha / 2, n, prob))


def nonzero_randn(*shape, seed=0, dtype=torch.float32):
    """Standard normal entries pushed away from 0 (|x| >= 0.1), so that a kept element is never 0."""
    x = torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return (x + 0.1 * torch.where(x >= 0, 1.0, -1.0)).to(dtype)


def expect_dropout_of(out, x, p, what, alpha=None):
    """``out`` is a dropout of ``x`` with probability p: shape, dtype and device of x; every element
    0 or x / (1 - p); and (when alpha is given) a number of zeros within the exact binomial
    bounds at false-failure rate alpha."""
    expect_tensor_like(out, x, what)
    if not torch.isfinite(out).all():
        raise Mismatch(Text(f"{what}: the result contains nan or inf",
                            f"{what}：结果含有 nan 或 inf"))
    kept = out != 0
    if kept.any():
        expect_close(out[kept], (x / (1 - p))[kept], what=Text(f"{what}: the elements you kept (the nonzero ones)", f"{what}：你保留的元素（非零元素）"),
                     inputs=[x / (1 - p)], hints=[
                         Hint(Text("kept elements must be rescaled: multiply them by 1 / (1 - p)", "保留的元素必须重新缩放：乘以 1 / (1 - p)"), x[kept]),
                         Hint(Text("you divided by p; divide by 1 - p, the probability of keeping an element", "你除以了 p；应除以 1 - p，即保留一个元素的概率"), x[kept] / max(p, 1e-9)),
                         Hint(Text("divide the kept elements by (1 - p), do not multiply by it", "把保留的元素除以 (1 - p)，而不是乘以它"), x[kept] * (1 - p)),
                     ])
    if alpha is not None:
        n, dropped = x.numel(), int((~kept).sum())
        lo, hi = binomial_bounds(n, p, alpha)
        if not lo <= dropped <= hi:
            hint = ""
            if abs(dropped / n - (1 - p)) < abs(dropped / n - p):
                hint = Text(" Hint: p is the probability of dropping (zeroing) an element, not of keeping it.",
                            "提示：p 是丢弃（置零）一个元素的概率，而不是保留它的概率。")
            raise Mismatch(Text(f"{what}: you zeroed {dropped} of {n} elements ({dropped / n:.1%}); with p = {p} each element "
                                f"must be zeroed with probability {p:g}, so this is far outside chance.{hint}",
                                f"{what}：你把 {n} 个元素中的 {dropped} 个（{dropped / n:.1%}）置零了；p = {p} 时每个元素"
                                f"应以概率 {p:g} 被置零，这远远超出了随机波动的范围。{hint}"))


def expect_independent(a, b, what, alpha):
    """Two boolean masks of equal shape, element i of ``a`` paired with element i of ``b``: reject
    independence by Fisher's exact test (two-sided) at level alpha."""
    a, b = a.flatten().bool(), b.flatten().bool()
    table = [[int((a & b).sum()), int((a & ~b).sum())], [int((~a & b).sum()), int((~a & ~b).sum())]]
    if torch.equal(a, b):
        raise Mismatch(Text(f"{what}: the two masks are identical (same positions zeroed)",
                            f"{what}：两个掩码完全相同（置零的位置一样）"))
    _, p_value = stats.fisher_exact(table)
    if p_value < alpha:
        corr = float(torch.corrcoef(torch.stack([a.double(), b.double()]))[0, 1])
        raise Mismatch(Text(f"{what}: the masks are correlated (correlation {corr:+.2f}; independent masks give about 0)",
                            f"{what}：掩码是相关的（相关系数 {corr:+.2f}；独立的掩码约为 0）"))


# =========================================================================================
#                                          dropout
# =========================================================================================

@st.composite
def dropout_cases(draw):
    shape = draw(st.lists(st.integers(1, 8), min_size=0, max_size=3))
    p = draw(st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9]))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    seed = draw(st.integers(0, 2**31 - 1))
    return nonzero_randn(*shape, seed=seed, dtype=dtype) * draw(st.sampled_from([0.01, 1.0, 100.0])), p


@graded(1, "dropout", Text("dropout: every element is 0 or x / (1 - p), on random shapes, dtypes and p", "dropout：随机形状、dtype 和 p 下，每个元素是 0 或 x / (1 - p)"))
@given(case=dropout_cases())
def test_dropout_values(student, case):
    x, p = case
    expect_dropout_of(student.dropout(x, p=p), x, p, what=Text(f"dropout(x, p={p}) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p={p})"))


@graded(1, "dropout", Text("dropout zeros each element with probability p (binomial test)", "dropout 以概率 p 把每个元素置零（二项检验）"))
def test_dropout_fraction(student, credit):
    """False-failure rate 1e-6: four exact binomial two-sided bounds at 2.5e-7 each."""
    x = nonzero_randn(100, 100, seed=1)
    ps = (0.1, 0.3, 0.6, 0.85)
    outputs = student.scenario("dropout_outputs", x, ps)
    credit.record("dropout_rate", {"n": x.numel(), "alpha": ALPHA / 4, "cases": [
        {"p": p, "band": [b / x.numel() for b in binomial_bounds(x.numel(), p, ALPHA / 4)],
         "observed": float((out == 0).double().mean()) if isinstance(out, torch.Tensor) and out.shape == x.shape else None}
        for p, out in zip(ps, outputs if isinstance(outputs, (list, tuple)) else [None] * len(ps))]})
    for p, out in zip(ps, outputs):
        with credit.case(Text(f"p={p}", f"p={p}")):
            expect_dropout_of(out, x, p, what=Text(f"dropout(x, p={p}) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p={p})"), alpha=ALPHA / 4)


@graded(0.5, "dropout", Text("dropout preserves the mean: E[dropout(x)] = x", "dropout 保持均值：E[dropout(x)] = x"))
def test_dropout_mean(student, credit):
    """False-failure rate 1e-6: for x = 3 everywhere, mean(out) = 3 K / (n (1 - p)) with K ~ Binomial(n, 1 - p)
    the number kept; two cases, each with exact binomial bounds at 5e-7."""
    n = 20000
    x = torch.full((n,), 3.0)
    for p in (0.2, 0.7):
        with credit.case(Text(f"p={p}", f"p={p}")):
            out = student.dropout(x, p)
            expect_tensor_like(out, x, what=Text(f"dropout(x, p={p}) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p={p})"))
            lo, hi = binomial_bounds(n, 1 - p, ALPHA / 2)
            ratio = float(out.double().mean()) / 3.0
            if not (lo / (n * (1 - p)) - 1e-5 <= ratio <= hi / (n * (1 - p)) + 1e-5):
                raise Mismatch(Text(f"dropout(x, p={p}) for x = 3 everywhere ({describe(x)}): the mean of your result is "
                                    f"{ratio:.3f} times the mean of x; inverted dropout keeps it (the ratio must be close to 1). "
                                    "Scale the kept elements by 1 / (1 - p).",
                                    f"x 处处为 3（{describe(x)}）时的 dropout(x, p={p})：你的结果的均值是 x 的均值的 {ratio:.3f} 倍；"
                                    "反向暂退法（inverted dropout）保持均值不变（比值必须接近 1）。请把保留的元素乘以 1 / (1 - p)。"))


@graded(1, "dropout", Text("dropout draws a new, independent mask on every call and for every element", "dropout 每次调用、对每个元素都抽取新的独立掩码"))
def test_dropout_independent(student, credit):
    """False-failure rate 1e-6: three Fisher exact tests at 1e-6 / 3 each (two calls; top vs bottom
    rows; left vs right columns)."""
    x = torch.ones(200, 100)
    what = Text(f"dropout(x, p=0.5) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p=0.5)")
    first, second = student.dropout(x, 0.5), student.dropout(x, 0.5)
    with credit.case(Text("two calls", "两次调用")):
        expect_tensor_like(first, x, what)
        expect_tensor_like(second, x, what)
        try:
            expect_independent(first != 0, second != 0, Text(f"{what}, called twice", f"{what}，调用两次"), ALPHA / 3)
        except Mismatch as exc:
            raise Mismatch(Text(f"{exc}. Each call must draw a fresh random mask (do not seed the generator inside dropout).",
                                f"{exc}。每次调用都必须抽取新的随机掩码（不要在 dropout 内部设置随机种子）。")) from None
    with credit.case(Text("rows of one call", "一次调用中的各行")):
        expect_independent(first[:100] != 0, first[100:] != 0, Text(f"{what}: rows 0-99 against rows 100-199", f"{what}：第 0-99 行对第 100-199 行"), ALPHA / 3)
    with credit.case(Text("columns of one call", "一次调用中的各列")):
        expect_independent(first[:, :50] != 0, first[:, 50:] != 0, Text(f"{what}: columns 0-49 against columns 50-99", f"{what}：第 0-49 列对第 50-99 列"), ALPHA / 3)


@graded(0.5, "dropout", Text("dropout with training=False returns x unchanged", "training=False 时 dropout 原样返回 x"))
def test_dropout_not_training(student, credit):
    for dtype in (torch.float32, torch.float64, torch.float16):
        for p in (0.0, 0.3, 1.0):
            x = nonzero_randn(6, 7, seed=2, dtype=dtype)
            with credit.case(Text(f"{dtype}, p={p}", f"{dtype}，p={p}")):
                expect_close(student.dropout(x, p=p, training=False), x, rtol=0, atol=0,
                             what=Text(f"dropout(x, p={p}, training=False) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p={p}, training=False)"),
                             hints=[Hint(Text("with training=False dropout does nothing: return x", "training=False 时 dropout 什么也不做：返回 x"), x / (1 - min(p, 0.5)))])


@graded(1, "dropout", Text("dropout with p = 0 is the identity and with p = 1 gives zeros (no nan)", "p = 0 时 dropout 是恒等映射，p = 1 时给出全零（无 nan）"))
def test_dropout_p0_p1(student, credit):
    """Exact. (A mask drawn as rand > p zeros an element at p = 0 when rand is exactly 0, probability 2^-24 per
    float32 element: a false-failure rate below 5e-7 for these 8 float32 elements.)"""
    for dtype in (torch.float32, torch.float64):
        x = nonzero_randn(2, 4, seed=3, dtype=dtype)
        with credit.case(Text(f"p=0, {dtype}", f"p=0，{dtype}")):
            expect_close(student.dropout(x, p=0.0), x, rtol=0, atol=0, what=Text(f"dropout(x, p=0.0) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p=0.0)"))
        with credit.case(Text(f"p=1, {dtype}", f"p=1，{dtype}")):
            out = student.dropout(x, p=1.0)
            what = Text(f"dropout(x, p=1.0) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p=1.0)")
            expect_tensor_like(out, x, what)
            if torch.isnan(out).any():
                raise Mismatch(Text(f"{what} contains nan: 1 / (1 - p) is inf at p = 1 and 0 * inf is nan; "
                                    "return zeros for p = 1 without dividing",
                                    f"{what} 含有 nan：p = 1 时 1 / (1 - p) 为 inf，而 0 * inf 为 nan；p = 1 时直接返回零，不要做除法"))
            expect_close(out, torch.zeros_like(x), rtol=0, atol=0, what=what)


@graded(0.5, "dropout", Text("dropout raises ValueError unless 0 <= p <= 1", "除非 0 <= p <= 1，否则 dropout 引发 ValueError"))
def test_dropout_bad_p(student, credit):
    x = nonzero_randn(3, 4, seed=4)
    for p, training in ((-0.1, True), (1.1, True), (2.0, True), (-1.0, True), (1.5, False)):
        with credit.case(Text(f"p={p}, training={training}", f"p={p}，training={training}")):
            expect_raises(student, "dropout", x, p, training, like=F.dropout,
                          what=Text(f"dropout(x, p={p}, training={training}) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p={p}, training={training})"))


@graded(1, "dropout", Text("the gradient of dropout is mask / (1 - p)", "dropout 的梯度是 mask / (1 - p)"))
def test_dropout_gradient(student, credit):
    x = nonzero_randn(30, 20, seed=5, dtype=torch.float64)
    for p, training in ((0.3, True), (0.75, True), (0.5, False), (1.0, True)):
        what = Text(f"dropout(x, p={p}, training={training}) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p={p}, training={training})")
        with credit.case(Text(f"p={p}, training={training}", f"p={p}，training={training}")):
            run = student.run("dropout", x.clone().requires_grad_(), p, training, grad_wrt=[0])
            if run.grad_error:
                raise Mismatch(Text(f"gradient of {what}: {run.grad_error}",
                            f"{what} 的梯度：{run.grad_error}"))
            out, grad = run.value, run.grads[0]
            expect_tensor_like(out, x, what)
            if grad is None:
                raise Mismatch(Text(f"gradient of {what} is missing: the result does not depend on x",
                            f"{what} 的梯度缺失：结果不依赖于 x"))
            if not torch.isfinite(grad).all():
                raise Mismatch(Text(f"gradient of {what} contains nan or inf", f"{what} 的梯度含有 nan 或 inf") +
                               (Text(": at p = 1 do not divide by 1 - p = 0 (return x * 0)", "：p = 1 时不要除以 1 - p = 0（返回 x * 0）")
                                if p == 1.0 else ""))
            if not training:
                expected = torch.ones_like(x)
            elif p == 1.0:
                expected = torch.zeros_like(x)
            else:
                expected = (out != 0).to(x.dtype) / (1 - p)
            expect_close(grad, expected, what=Text(f"gradient of the sum of {what} with respect to x", f"{what} 之和关于 x 的梯度"), inputs=[expected],
                         hints=[Hint(Text("the gradient must carry the same mask and 1 / (1 - p) as the forward pass", "梯度必须带有与前向传播相同的掩码和 1 / (1 - p)"),
                                     torch.ones_like(x)),
                                Hint(Text("the gradient of the kept elements is 1 / (1 - p), not 1", "保留元素的梯度是 1 / (1 - p)，而不是 1"), (out != 0).to(x.dtype)),
                                Hint(Text("you divided by p; divide by 1 - p", "你除以了 p；应除以 1 - p"), (out != 0).to(x.dtype) / max(p, 1e-9))])


@graded(0.5, "dropout", Text("dropout keeps dtype (float16/32/64) and leaves its input untouched", "dropout 保持 dtype（float16/32/64）且不修改输入"))
def test_dropout_dtype_and_input(student, credit):
    for dtype in (torch.float16, torch.float32, torch.float64):
        x = nonzero_randn(20, 30, seed=6, dtype=dtype)
        what = Text(f"dropout(x, p=0.4) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p=0.4)")
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("dropout", x.clone(), 0.4, keep_args=True)
            expect_dropout_of(run.value, x, 0.4, what=what)
            if not torch.equal(run.args_after[0], x):
                raise Mismatch(Text(f"{what} changed x in place; compute the result into a new tensor (no x *= ..., x[...] = 0)",
                            f"{what} 原地修改了 x；请把结果算进一个新张量（不要 x *= ...、x[...] = 0）"))


@graded(0.5, "dropout", Text("dropout is vectorised (within its time budget of torch)", "dropout 已向量化（在相对 torch 的时间预算内）"))
def test_dropout_speed(student):
    x = nonzero_randn(32768, 8, seed=7)  # many short rows: a loop over them is far over budget
    expect_fast(student, "dropout", x, 0.5, scenario="dropout_call", reference=partial(scenarios.dropout_call, TORCH),
                what=Text(f"dropout(x, p=0.5) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p=0.5)"))


@graded(0.5, "dropout", Text("dropout on CUDA: stays on the GPU with x's dtype, right statistics, no host sync", "CUDA 上的 dropout：以 x 的 dtype 留在 GPU 上，统计正确，无主机同步"))
@requires_cuda
def test_dropout_gpu(student, credit):
    """False-failure rate 1e-6: two exact binomial bounds at 5e-7 each."""
    for dtype in (torch.float32, torch.float16):
        x = to_cuda(nonzero_randn(256, 100, seed=8, dtype=dtype))
        what = Text(f"dropout(x, p=0.25) for x {describe(x)}", f"x 为 {describe(x)} 时的 dropout(x, p=0.25)")
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            run = student.run("dropout", x, 0.25, sync_debug=True)
            expect_dropout_of(run.value, x, 0.25, what=what, alpha=ALPHA / 2)
            if run.host_syncs:
                raise Mismatch(Text(f"{what} waited for the GPU ({run.host_syncs[0]}); avoid .item(), .cpu() and Python "
                                    "if on tensor values inside dropout",
                                    f"{what} 等待了 GPU（{run.host_syncs[0]}）；在 dropout 中避免 .item()、.cpu() 以及对张量值的 Python if"))


# =========================================================================================
#                                          Dropout
# =========================================================================================


def dropout_layer_facts(student, x, p):
    return student.scenario("dropout_layer_facts", x, p)


@graded(1, "Dropout", Text("Dropout is an nn.Module without parameters that starts in training mode and follows eval()/train()", "Dropout 是没有参数的 nn.Module，初始处于训练模式，并遵循 eval()/train()"))
def test_Dropout_module(student):
    x = nonzero_randn(4, 5, seed=10)
    facts = dropout_layer_facts(student, x, 0.5)
    if not facts["is_module"]:
        raise Mismatch(Text("Dropout(0.5) is not an nn.Module: write class Dropout(nn.Module) and call super().__init__()",
                            "Dropout(0.5) 不是 nn.Module：请写 class Dropout(nn.Module) 并调用 super().__init__()"))
    if facts["parameters"]:
        raise Mismatch(Text(f"Dropout(0.5) has {len(facts['parameters'])} parameter(s) of shape(s) {facts['parameters']}; "
                            "dropout learns nothing: store p as a plain Python attribute",
                            f"Dropout(0.5) 有 {len(facts['parameters'])} 个形状为 {facts['parameters']} 的参数；"
                            "暂退法不学习任何东西：把 p 存为普通的 Python 属性"))
    if not facts["training_at_start"]:
        raise Mismatch(Text("a new Dropout(0.5) is not in training mode; do not change self.training in __init__",
                            "新建的 Dropout(0.5) 不处于训练模式；不要在 __init__ 中修改 self.training"))
    if facts["training_after_eval"] or not facts["training_after_train"]:
        raise Mismatch(Text("Dropout's eval()/train() do not set self.training; do not override them (nn.Module's work)",
                            "Dropout 的 eval()/train() 没有设置 self.training；不要重写它们（这是 nn.Module 的工作）"))


@graded(2, "Dropout", Text("Dropout(p) in training mode zeros each element with probability p and scales the rest by 1/(1-p)", "训练模式下 Dropout(p) 以概率 p 把每个元素置零，其余乘以 1/(1-p)"))
def test_Dropout_train(student, credit):
    """False-failure rate 1e-6: three layers x three calls, each an exact binomial bound at 1e-6 / 9."""
    x = nonzero_randn(80, 60, seed=11)
    for p in (0.2, None, 0.7):
        label = "Dropout()" if p is None else f"Dropout({p})"
        q = 0.5 if p is None else p
        with credit.case(Text(label, label)):  # code: one form for both
            facts = dropout_layer_facts(student, x, p)
            for index, out in enumerate(facts["train"]):
                expect_dropout_of(out, x, q, what=Text(f"{label}(x) in training mode (call {index + 1}) for x {describe(x)}", f"x 为 {describe(x)} 时训练模式下的 {label}(x)（第 {index + 1} 次调用）"),
                                  alpha=ALPHA / 9)


@graded(1.5, "Dropout", Text("Dropout after eval() returns its input unchanged, and is random again after train()", "eval() 之后 Dropout 原样返回输入，train() 之后又变为随机"))
def test_Dropout_eval(student, credit):
    x = nonzero_randn(40, 30, seed=12)
    for p in (0.3, 0.9):
        with credit.case(Text(f"Dropout({p})", f"Dropout({p})")):
            facts = dropout_layer_facts(student, x, p)
            for out in facts["eval"]:
                expect_close(out, x, rtol=0, atol=0, what=Text(f"Dropout({p})(x) after .eval() for x {describe(x)}", f"x 为 {describe(x)} 时 .eval() 之后的 Dropout({p})(x)"),
                             hints=[Hint(Text("in eval mode (self.training is False) dropout must do nothing", "评估模式下（self.training 为 False）暂退法必须什么也不做"), x / (1 - p))])
            after = facts["train"][2]
            expect_tensor_like(after, x, what=Text(f"Dropout({p})(x) after .eval() then .train()", f"先 .eval() 再 .train() 之后的 Dropout({p})(x)"))
            if torch.equal(after, x):
                raise Mismatch(Text(f"Dropout({p})(x) after .eval() then .train() returned x unchanged: "
                                    "in training mode it must drop elements (use self.training, not a flag set once)",
                                    f"先 .eval() 再 .train() 之后的 Dropout({p})(x) 原样返回了 x："
                                    "训练模式下它必须丢弃元素（使用 self.training，而不是只设置一次的标志）"))


@graded(1, "Dropout", Text("Dropout draws a new, independent mask on every call", "Dropout 每次调用都抽取新的独立掩码"))
def test_Dropout_independent(student):
    """False-failure rate 1e-6: one Fisher exact test."""
    x = torch.ones(100, 100)
    facts = dropout_layer_facts(student, x, 0.5)
    first, second = facts["train"][:2]
    expect_tensor_like(first, x, "Dropout(0.5)(x)")
    expect_tensor_like(second, x, "Dropout(0.5)(x)")
    expect_independent(first != 0, second != 0, Text(f"Dropout(0.5)(x) for x {describe(x)}, called twice", f"x 为 {describe(x)} 时的 Dropout(0.5)(x)，调用两次"), ALPHA)


@graded(1, "Dropout", Text("Dropout(p) raises ValueError unless 0 <= p <= 1", "除非 0 <= p <= 1，否则 Dropout(p) 引发 ValueError"))
def test_Dropout_bad_p(student, credit):
    x = nonzero_randn(3, 4, seed=13)
    for p in (-0.1, 1.1, 3.0):
        with credit.case(Text(f"p={p}", f"p={p}")):
            where = student.scenario("dropout_layer_bad_p", x, p)
            if where not in ("construction", "forward"):
                detail = Text("it raised nothing", "它什么也没引发") if where == "none" else where
                raise Mismatch(Text(f"Dropout({p}): torch raises ValueError (p must be between 0 and 1); yours: {detail}",
                                    f"Dropout({p})：torch 会引发 ValueError（p 必须在 0 和 1 之间）；你的：{detail}"))


@graded(0.5, "Dropout", Text("Dropout is vectorised (within its time budget of torch)", "Dropout 已向量化（在相对 torch 的时间预算内）"))
def test_Dropout_speed(student):
    x = nonzero_randn(32768, 8, seed=14)
    expect_fast(student, "Dropout", x, 0.5, scenario="dropout_layer_call",
                reference=partial(scenarios.dropout_layer_call, TORCH), what=Text(f"Dropout(0.5)(x) for x {describe(x)}", f"x 为 {describe(x)} 时的 Dropout(0.5)(x)"))


@graded(1, "Dropout", Text("Dropout on CUDA: stays on the GPU, right statistics, identity in eval mode", "CUDA 上的 Dropout：留在 GPU 上，统计正确，评估模式下为恒等映射"))
@requires_cuda
def test_Dropout_gpu(student):
    """False-failure rate 1e-6: one exact binomial bound."""
    x = to_cuda(nonzero_randn(256, 100, seed=15))
    result = student.scenario("dropout_layer_on_device", x, 0.25)
    expect_dropout_of(result["train"], x, 0.25, what=Text(f"Dropout(0.25)(x) for x {describe(x)}", f"x 为 {describe(x)} 时的 Dropout(0.25)(x)"), alpha=ALPHA)
    expect_close(result["eval"], x, rtol=0, atol=0, what=Text(f"Dropout(0.25)(x) after .eval() for x {describe(x)}", f"x 为 {describe(x)} 时 .eval() 之后的 Dropout(0.25)(x)"))


# =========================================================================================
#                                            MLP
# =========================================================================================

SIZES = (20, 48, 40, 3)  # num_inputs, num_hiddens1, num_hiddens2, num_outputs: all different on purpose


def mlp_reference(weights, x, relu=(True, True)):
    """flatten -> Linear -> ReLU -> Linear -> ReLU -> Linear with the student's own weights (no dropout)."""
    h = x.flatten(1)
    for index, (weight, bias) in enumerate(weights):
        h = F.linear(h, weight, bias)
        if index < 2 and relu[index]:
            h = h.relu()
    return h


def expect_linears(linears, sizes, what):
    n_in, h1, h2, n_out = sizes
    expected = [(n_in, h1, True), (h1, h2, True), (h2, n_out, True)]
    if [tuple(layer) for layer in linears] != expected:
        shown = ", ".join(f"Linear({a}, {b}{'' if bias else ', bias=False'})" for a, b, bias in linears) or "none"
        raise Mismatch(Text(f"{what} should have three nn.Linear layers, created in the order Linear({n_in}, {h1}), "
                            f"Linear({h1}, {h2}), Linear({h2}, {n_out}); yours has: {shown}",
                            f"{what} 应有三个 nn.Linear 层，按 Linear({n_in}, {h1})、Linear({h1}, {h2})、Linear({h2}, {n_out}) "
                            f"的顺序创建；你的有：{shown}"))


@graded(1, "MLP", Text("MLP(num_inputs, num_hiddens1, num_hiddens2, num_outputs) has the three Linear layers and nothing else to learn", "MLP(num_inputs, num_hiddens1, num_hiddens2, num_outputs) 有三个 Linear 层，没有其他要学习的参数"))
def test_MLP_structure(student, credit):
    for sizes in (SIZES, (7, 5, 9, 2)):
        what = "MLP(" + ", ".join(map(str, sizes)) + ")"
        with credit.case(Text(what, what)):  # code: one form for both
            facts = student.scenario("mlp_structure", sizes)
            if not facts["is_module"]:
                raise Mismatch(Text(f"{what} is not an nn.Module",
                            f"{what} 不是 nn.Module"))
            expect_linears(facts["linears"], sizes, what)
            n_in, h1, h2, n_out = sizes
            expected = (n_in + 1) * h1 + (h1 + 1) * h2 + (h2 + 1) * n_out
            if facts["parameters"] != expected:
                raise Mismatch(Text(f"{what} has {facts['parameters']} parameters; its three Linear layers have {expected} "
                                    "and dropout has none",
                                    f"{what} 有 {facts['parameters']} 个参数；它的三个 Linear 层共有 {expected} 个，暂退法没有参数"))
            if not facts["training_at_start"]:
                raise Mismatch(Text(f"a new {what} is not in training mode",
                            f"新建的 {what} 不处于训练模式"))


def _eval_forward(student, x, dropouts=(0.2, 0.5)):
    return student.scenario("mlp_forward", SIZES, dropouts, x, "eval")


@graded(1.5, "MLP", Text("MLP in eval mode computes flatten, Linear, ReLU, Linear, ReLU, Linear (no dropout), deterministically", "评估模式下 MLP 确定地计算 flatten、Linear、ReLU、Linear、ReLU、Linear（无暂退法）"))
def test_MLP_eval(student, credit):
    generator = torch.Generator().manual_seed(20)
    for shape in ((16, 20), (16, 1, 4, 5)):
        x = torch.randn(shape, generator=generator)
        what = Text(f"MLP{SIZES} after .eval() on x {describe(x)}", f"x 为 {describe(x)} 时 .eval() 之后的 MLP{SIZES}")
        with credit.case(Text(f"x of shape {shape}", f"形状为 {shape} 的 x")):
            result = _eval_forward(student, x)
            expect_linears([(w.shape[1], w.shape[0], b is not None) for w, b in result["weights"]], SIZES, f"MLP{SIZES}")
            expected = mlp_reference(result["weights"], x)
            hints = [Hint(Text("apply ReLU after the first Linear layer", "在第一个 Linear 层之后应用 ReLU"), lambda: mlp_reference(result["weights"], x, (False, True))),
                     Hint(Text("apply ReLU after the second Linear layer", "在第二个 Linear 层之后应用 ReLU"), lambda: mlp_reference(result["weights"], x, (True, False))),
                     Hint(Text("the hidden layers need a ReLU each", "每个隐藏层都需要一个 ReLU"), lambda: mlp_reference(result["weights"], x, (False, False)))]
            for index, out in enumerate(result["outputs"]):
                expect_close(out, expected, what=Text(f"{what} (call {index + 1})", f"{what}（第 {index + 1} 次调用）"), inputs=[x], hints=hints)


@graded(2, "MLP", Text("MLP in training mode drops hidden units after each ReLU with dropout1 and dropout2 (binomial tests)", "训练模式下 MLP 在每个 ReLU 之后用 dropout1 和 dropout2 丢弃隐藏单元（二项检验）"))
def test_MLP_train_placement(student, credit):
    """False-failure rate 1e-6: two configurations x two hidden layers, exact binomial bounds at 2.5e-7 each."""
    x = torch.randn(128, 1, 4, 5, generator=torch.Generator().manual_seed(21))
    for dropouts in ((0.2, 0.6), (0.7, 0.1)):
        what = Text(f"MLP{SIZES[:4]} with dropout1={dropouts[0]}, dropout2={dropouts[1]} in training mode, x {describe(x)}",
                    f"训练模式下 dropout1={dropouts[0]}、dropout2={dropouts[1]} 的 MLP{SIZES[:4]}，x 为 {describe(x)}")
        with credit.case(Text(f"dropout1={dropouts[0]}, dropout2={dropouts[1]}", f"dropout1={dropouts[0]}，dropout2={dropouts[1]}")):
            result = student.scenario("mlp_forward", SIZES, dropouts, x, "train", 1)
            weights, seen = result["weights"], result["linear_inputs"]
            expect_linears([(w.shape[1], w.shape[0], b is not None) for w, b in weights], SIZES, f"MLP{SIZES}")
            if any(s is None for s in seen):
                raise Mismatch(Text(f"{what}: not all three nn.Linear layers were called in forward",
                            f"{what}：forward 中没有调用全部三个 nn.Linear 层"))
            if seen[0].shape == x.flatten(1).shape and bool(((seen[0] == 0) & (x.flatten(1) != 0)).any()):
                raise Mismatch(Text(f"{what}: the input of the first Linear layer has zeros where x has none; do not apply "
                                    "dropout to the input, only after each hidden layer's ReLU",
                                    f"{what}：第一个 Linear 层的输入在 x 没有零的地方出现了零；不要对输入应用暂退法，"
                                    "只在每个隐藏层的 ReLU 之后应用"))
            expect_close(seen[0], x.flatten(1), what=Text(f"{what}: the input of the first Linear layer (x flattened)", f"{what}：第一个 Linear 层的输入（展平的 x）"), inputs=[x])
            for layer, p in ((1, dropouts[0]), (2, dropouts[1])):
                before = F.linear(seen[layer - 1], *weights[layer - 1]).relu()
                place = Text(f"{what}: the input of Linear layer {layer + 1} (hidden layer {layer} after ReLU and dropout{layer})",
                             f"{what}：第 {layer + 1} 个 Linear 层的输入（ReLU 和 dropout{layer} 之后的第 {layer} 个隐藏层）")
                if not torch.isfinite(seen[layer]).all():
                    raise Mismatch(Text(f"{place} contains nan or inf",
                            f"{place} 含有 nan 或 inf"))
                kept = seen[layer] != 0
                expect_close(seen[layer][kept], (before / (1 - p))[kept], what=Text(f"{place}, its nonzero elements", f"{place}，其中的非零元素"),
                             inputs=[before / (1 - p)],
                             hints=[Hint(Text(f"use dropout{layer} = {p} here (dropout1 after the first hidden layer, "
                                              "dropout2 after the second)",
                                              f"这里要用 dropout{layer} = {p}（dropout1 在第一个隐藏层之后，dropout2 在第二个之后）"),
                                         (before / (1 - dropouts[2 - layer]))[kept]),
                                    Hint(Text("scale the kept units by 1 / (1 - p)", "把保留的单元乘以 1 / (1 - p)"), before[kept]),
                                    Hint(Text("divide the kept units by 1 - p, not by p", "把保留的单元除以 1 - p，而不是 p"), (before / p)[kept])])
                active = before > 1e-3  # units the ReLU let through: dropout zeros each with probability p
                n, dropped = int(active.sum()), int((active & ~kept).sum())
                lo, hi = binomial_bounds(n, p, ALPHA / 4)
                if not lo <= dropped <= hi:
                    other, rate = dropouts[2 - layer], dropped / n
                    hint = ""
                    if abs(rate - (1 - p)) < min(abs(rate - p), abs(rate - other)):
                        hint = Text(" Hint: p is the probability of dropping (zeroing) a unit, not of keeping it.",
                                    "提示：p 是丢弃（置零）一个单元的概率，而不是保留它的概率。")
                    elif abs(rate - other) < abs(rate - p):
                        hint = Text(f" Hint: this looks like dropout{3 - layer} = {other}; dropout1 goes after the first hidden "
                                    "layer, dropout2 after the second.",
                                    f"提示：这看起来像 dropout{3 - layer} = {other}；dropout1 在第一个隐藏层之后，dropout2 在第二个之后。")
                    raise Mismatch(Text(f"{place}: {dropped} of the {n} units the ReLU let through are zeroed ({dropped / n:.1%}); "
                                        f"each must be zeroed with probability dropout{layer} = {p}.{hint}",
                                        f"{place}：ReLU 放行的 {n} 个单元中有 {dropped} 个被置零（{dropped / n:.1%}）；"
                                        f"每个都应以概率 dropout{layer} = {p} 被置零。{hint}"))
            expect_close(result["outputs"][0], F.linear(seen[2], *weights[2]), what=Text(f"{what}: the output", f"{what}：输出"),
                         inputs=[seen[2]], hints=[Hint(Text("the last Linear layer's output is the result (no ReLU or dropout after it)", "最后一个 Linear 层的输出就是结果（之后没有 ReLU 或暂退法）"),
                                                       F.linear(seen[2], *weights[2]).relu())])


@graded(1, "MLP", Text("MLP in training mode is random: two calls differ", "训练模式下 MLP 是随机的：两次调用结果不同"))
def test_MLP_train_random(student):
    """False-failure rate: two correct calls agree only if both masks match, probability far below 1e-6."""
    x = torch.randn(32, 20, generator=torch.Generator().manual_seed(22))
    result = student.scenario("mlp_forward", SIZES, (0.2, 0.5), x, "train", 2)
    first, second = result["outputs"]
    expect_tensor_like(first, torch.empty(32, SIZES[3]), Text(f"MLP{SIZES} in training mode on x {describe(x)}", f"x 为 {describe(x)} 时训练模式下的 MLP{SIZES}"))
    if torch.equal(first, second):
        raise Mismatch(Text(f"MLP{SIZES} with dropout1=0.2, dropout2=0.5 in training mode gave the same output twice on "
                            f"x {describe(x)}: dropout must be active in training mode",
                            f"训练模式下 dropout1=0.2、dropout2=0.5 的 MLP{SIZES} 在 x 为 {describe(x)} 时两次给出相同的输出："
                            "训练模式下暂退法必须起作用"))


@graded(1.5, "MLP", Text("MLP with dropout learns a small non-linear problem (XOR clusters) with SGD", "带暂退法的 MLP 用随机梯度下降学会一个小的非线性问题（XOR 簇）"))
def test_MLP_trains(student):
    """Trains MLP(8, 32, 32, 2, 0.2, 0.5) for 15 epochs of minibatch SGD (lr 0.1) on 256 points of four
    Gaussian clusters labelled XOR (scenarios.train_mlp, seed 0); needs test accuracy >= 0.9 in eval mode.
    A correct implementation reached >= 0.98 on each of 30 seeds with three ways of drawing the mask; a
    model without the ReLUs (linear) stays below 0.7."""
    result = student.scenario("train_mlp", 0)
    what = Text("MLP(8, 32, 32, 2, dropout1=0.2, dropout2=0.5) trained with SGD on XOR-labelled clusters",
                "在 XOR 标注的簇上用随机梯度下降训练的 MLP(8, 32, 32, 2, dropout1=0.2, dropout2=0.5)")
    if not result["loss_after"] < result["loss_before"]:
        raise Mismatch(Text(f"{what}: the training loss did not decrease (is the output connected to the Linear layers' weights?)",
                            f"{what}：训练损失没有下降（输出是否连接到了 Linear 层的权重？）"))
    if result["test_accuracy"] < 0.9:
        raise Mismatch(Text(f"{what}: it reached only {result['test_accuracy']:.0%} accuracy on held-out data in eval mode "
                            f"(train {result['train_accuracy']:.0%}); a correct MLP reaches over 95%. Check the ReLUs, the "
                            "dropout scaling, and that eval mode does not drop.",
                            f"{what}：评估模式下在留出数据上的精度只有 {result['test_accuracy']:.0%}"
                            f"（训练 {result['train_accuracy']:.0%}）；正确的 MLP 超过 95%。请检查 ReLU、暂退法的缩放，"
                            "以及评估模式下是否不再丢弃。"))


@graded(0.5, "MLP", Text("training MLP is as fast as torch's (within its time budget)", "训练 MLP 与 torch 一样快（在时间预算内）"))
def test_MLP_speed(student):
    generator = torch.Generator().manual_seed(23)
    # A batch of 4096 rows: a Python loop over rows in dropout is ~70x torch (29x at 512, too near the budget of 10)
    X, y = torch.randn(4096, 32, generator=generator), torch.randint(0, 10, (4096,), generator=generator)
    expect_fast(student, "MLP", X, y, scenario="train_steps", reference=partial(scenarios.train_steps, TORCH),
                what=Text("3 SGD steps of MLP(32, 32, 32, 10) on a batch of 4096", "在 4096 个样本的批量上对 MLP(32, 32, 32, 10) 执行 3 步随机梯度下降"))


@graded(0.5, "MLP", Text("MLP on CUDA: eval output equals the layers' computation, on the GPU", "CUDA 上的 MLP：评估模式的输出等于各层的计算，且在 GPU 上"))
@requires_cuda
def test_MLP_gpu(student):
    x = to_cuda(torch.randn(16, 1, 4, 5, generator=torch.Generator().manual_seed(24)))
    result = student.scenario("mlp_forward", SIZES, (0.2, 0.5), x, "eval", 1)
    expect_close(result["outputs"][0], mlp_reference(result["weights"], x), what=Text(f"MLP{SIZES} after .eval() on x {describe(x)}", f"x 为 {describe(x)} 时 .eval() 之后的 MLP{SIZES}"),
                 inputs=[x])

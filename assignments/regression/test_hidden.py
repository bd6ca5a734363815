"""Hidden tests for l1_loss, mse_loss, smooth_l1_loss and huber_loss.

References are torch's F.* losses called with keyword arguments (torch's positional order keeps the
legacy size_average/reduce arguments), with torch's broadcast UserWarning silenced in the judge.
Gradients are compared in float64 for input and target, at the kinks too: d = input - target of
exactly 0 (torch's L1 gradient there is 0, autograd of abs), exactly +-beta / +-delta (both branches
have the same slope), and beta = 0 (torch switches to the L1 loss; a torch.where whose unused branch
divides by beta = 0 back-propagates nan). Kink inputs are dyadic numbers, so d is exact.
"""
import warnings

import torch
import torch.nn.functional as F
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
    expect_gradients,
    expect_raises,
    expect_unchanged,
    graded,
    requires_cuda,
)

L1, MSE, SMOOTH, HUBER = "l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss"
PARAM = {SMOOTH: "beta", HUBER: "delta"}  # the loss's own keyword, if it has one
REDUCTIONS = ("none", "mean", "sum")


def reference(name):
    """torch's loss, called by keyword, without its broadcast warning."""
    def loss(input, target, reduction="mean", **param):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return getattr(F, name)(input, target, reduction=reduction, **param)
    loss.__name__ = name
    return loss


REFERENCE = {name: reference(name) for name in (L1, MSE, SMOOTH, HUBER)}


def randn(shape, seed, dtype=torch.float64, scale=1.0):
    return (torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * scale).to(dtype)


def call_text(name, x, target, reduction=None, **param):
    extra = "".join([f", reduction={reduction!r}"] if reduction is not None else []) + "".join(f", {k}={v}" for k, v in param.items())
    return Text("{call} for input {x}, target {target}", "input 为 {x}、target 为 {target} 时的 {call}").format(
        call=f"{name}(input, target{extra})", x=describe(x), target=describe(target))


# ------------------------------------------------------------------------- known mistakes


def _reduced(loss, reduction, divisor=None):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / (loss.numel() if divisor is None else divisor)


def _smooth(d, beta, halve_linear=True, divide=True):
    """Smooth L1 of d, optionally with a known mistake (no /beta, linear branch |d| - beta)."""
    ad = d.abs()
    quadratic = 0.5 * d * d / beta if divide else 0.5 * d * d
    return torch.where(ad < beta, quadratic, ad - (0.5 * beta if halve_linear else beta))


def elementwise(name, x, target, **param):
    return REFERENCE[name](x, target, reduction="none", **param)


def common_mistakes(name, x, target, reduction="mean", **param):
    """Hints for answers that match a known wrong formula (for the whole result of one call)."""
    reduction = reduction or "mean"
    loss = lambda: elementwise(name, x, target, **param)  # noqa: E731
    d = lambda: x - target  # noqa: E731
    hints = []
    if reduction == "mean":
        hints.append(Hint(Text("reduction='mean' averages over all elements; you summed", "reduction='mean' 是对所有元素求平均；你求的是和"), lambda: loss().sum()))
        broadcast = torch.broadcast_shapes(x.shape, target.shape)
        if x.numel() != torch.Size(broadcast).numel():
            hints.append(Hint(Text("input and target broadcast to a larger shape; 'mean' divides by the number of elements of "
                                   "the broadcast loss, not of the input",
                                   "input 和 target 广播成了更大的形状；'mean' 除以广播后损失的元素个数，而不是 input 的"), lambda: loss().sum() / max(x.numel(), 1)))
        if x.dim() > 1:
            hints.append(Hint(Text("reduction='mean' divides by the number of elements, not by the batch size (dim 0)", "reduction='mean' 除以元素个数，而不是批量大小（第 0 维）"),
                              lambda: loss().sum() / x.shape[0]))
    if x.shape != target.shape and x.numel() == target.numel():
        hints.append(Hint(Text("torch broadcasts input and target like input - target (a target of shape (N, 1) against an "
                               "input of shape (N,) gives an (N, N) loss); do not reshape the target to the input's shape",
                               "torch 像 input - target 那样广播 input 和 target（形状 (N, 1) 的 target 与形状 (N,) 的 input "
                               "得到 (N, N) 的损失）；不要把 target 变形成 input 的形状"),
                          lambda: REFERENCE[name](x, target.reshape(x.shape), reduction=reduction, **param)))
    if name == L1:
        hints.append(Hint(Text("the L1 loss is |input - target|, not its square", "L1 损失是 |input - target|，而不是它的平方"), lambda: _reduced(d() ** 2, reduction)))
    if name == MSE:
        hints.append(Hint(Text("torch's mse_loss has no factor 1/2 (d2l's squared_loss has one)", "torch 的 mse_loss 没有 1/2 因子（d2l 的 squared_loss 才有）"), lambda: _reduced(d() ** 2 / 2, reduction)))
        hints.append(Hint(Text("square the difference (you computed |input - target|)", "对差求平方（你算的是 |input - target|）"), lambda: _reduced(d().abs(), reduction)))
        if reduction == "mean":
            hints.append(Hint(Text("mse_loss is the mean of the squares, not its square root", "mse_loss 是平方的平均值，而不是它的平方根"), lambda: (d() ** 2).mean().sqrt()))
    if name == SMOOTH:
        beta = param.get("beta", 1.0)
        ignored = lambda: REFERENCE[SMOOTH](x, target, reduction, beta=1.0)  # noqa: E731
        undivided = lambda: _reduced(_smooth(d(), beta, divide=False), reduction)  # noqa: E731
        if beta > 0 and beta != 1.0:
            # Where every |d| < min(beta, 1) the two mistakes agree: say both.
            hints.append(Hint(Text("the quadratic branch is 0.5 * d**2 / beta: divide by beta, and use the beta argument (not 1)", "二次分支是 0.5 * d**2 / beta：要除以 beta，并使用参数 beta（而不是 1）"),
                              lambda: ignored() if torch.allclose(ignored(), undivided(), rtol=1e-6, atol=0) else None))
        if beta > 0:
            hints.append(Hint(Text("the quadratic branch is 0.5 * d**2 / beta: divide by beta", "二次分支是 0.5 * d**2 / beta：要除以 beta"), undivided))
        if beta != 1.0:
            hints.append(Hint(Text("use the beta argument (you computed beta = 1)", "使用参数 beta（你算的是 beta = 1）"), ignored))
        if beta > 0:
            hints.append(Hint(Text("the linear branch is |d| - 0.5 * beta (so that both branches meet at |d| = beta)", "线性分支是 |d| - 0.5 * beta（这样两个分支在 |d| = beta 处相接）"),
                              lambda: _reduced(_smooth(d(), beta, halve_linear=False), reduction)))
            if beta != 1.0:
                hints.append(Hint(Text("you computed the Huber loss; Smooth L1 is Huber (delta = beta) divided by beta", "你算的是 Huber 损失；Smooth L1 是 Huber（delta = beta）除以 beta"),
                                  lambda: REFERENCE[HUBER](x, target, reduction, delta=beta)))
    if name == HUBER:
        delta = param.get("delta", 1.0)
        if delta != 1.0:
            hints.append(Hint(Text("Huber is delta times Smooth L1 with beta = delta: 0.5 * d**2 (no /delta) inside, "
                                   "delta * (|d| - 0.5 * delta) outside; you computed smooth_l1_loss(beta=delta)",
                                   "Huber 是 delta 乘以 beta = delta 的 Smooth L1：内部为 0.5 * d**2（不除以 delta），"
                                   "外部为 delta * (|d| - 0.5 * delta)；你算的是 smooth_l1_loss(beta=delta)"),
                              lambda: REFERENCE[SMOOTH](x, target, reduction, beta=delta)))
            hints.append(Hint(Text("use the delta argument (you computed delta = 1)", "使用参数 delta（你算的是 delta = 1）"), lambda: REFERENCE[HUBER](x, target, reduction, delta=1.0)))
        hints.append(Hint(Text("the linear branch is delta * (|d| - 0.5 * delta) (so that both branches meet at |d| = delta)", "线性分支是 delta * (|d| - 0.5 * delta)（这样两个分支在 |d| = delta 处相接）"),
                          lambda: _reduced(delta * _smooth(d(), delta, halve_linear=False), reduction)))
    return hints


def raised_instead(raised, what):
    """A student exception where torch returns a result, told with the call that raised it."""
    if raised.not_implemented:
        return raised
    return Mismatch(Text("{what}: torch returns a result; yours raised {kind}: {message}",
                         "{what}：torch 会返回结果；你的却引发了 {kind}：{message}").format(
        what=what, kind=raised.type_name, message=raised.message[:200]))


def check_loss(student, name, x, target, reduction=None, what=None, **param):
    kwargs = dict(param) if reduction is None else dict(param, reduction=reduction)
    what = what or call_text(name, x, target, reduction, **param)
    try:
        actual = getattr(student, name)(x, target, **kwargs)
    except StudentRaised as raised:
        raise raised_instead(raised, what) from None
    expect_close(actual, REFERENCE[name](x, target, **kwargs), what=what, inputs=[x, target],
                 hints=common_mistakes(name, x, target, reduction, **param))


# ---------------------------------------------------------------------------------- values

BETAS = (0.0, 1e-3, 0.1, 0.5, 1.0, 2.5)
DELTAS = (1e-3, 0.1, 0.5, 1.0, 2.5, 10.0)


@st.composite
def loss_cases(draw, name):
    """input and target of 0-3 dims (sizes 1-5): half the time the same shape, else shapes that broadcast
    (leading dims dropped, sizes set to 1); float32 or float64; a reduction; beta or delta."""
    shape = draw(st.lists(st.integers(1, 5), min_size=0, max_size=3))
    broadcast = draw(st.booleans())

    def side():
        if not broadcast:
            return list(shape)
        kept = shape[draw(st.integers(0, len(shape))):]
        return [1 if draw(st.booleans()) else size for size in kept]

    x_shape, target_shape = side(), side()
    dtype = draw(st.sampled_from((torch.float32, torch.float64)))
    reduction = draw(st.sampled_from(REDUCTIONS))
    scale = draw(st.sampled_from((1.0, 5.0, 0.01)))
    seed = draw(st.integers(0, 2**31 - 1))
    param = {}
    if name == SMOOTH:
        param["beta"] = draw(st.sampled_from(BETAS))
    if name == HUBER:
        param["delta"] = draw(st.sampled_from(DELTAS))
    return randn(x_shape, seed, dtype, scale), randn(target_shape, seed + 1, dtype, scale), reduction, param


def _values(name):
    @given(case=loss_cases(name))
    def check(student, case):
        x, target, reduction, param = case
        check_loss(student, name, x, target, reduction, **param)
    return check


test_l1_values = graded(2, L1, Text("l1_loss matches F.l1_loss on random shapes (some broadcasting), dtypes and reductions", "随机形状（部分需广播）、dtype 和归约方式下 l1_loss 与 F.l1_loss 一致"))(_values(L1))
test_mse_values = graded(2, MSE, Text("mse_loss matches F.mse_loss on random shapes (some broadcasting), dtypes and reductions", "随机形状（部分需广播）、dtype 和归约方式下 mse_loss 与 F.mse_loss 一致"))(_values(MSE))
test_smooth_values = graded(1.5, SMOOTH, Text("smooth_l1_loss matches F.smooth_l1_loss on random shapes, dtypes, reductions and betas", "随机形状、dtype、归约方式和 beta 下 smooth_l1_loss 与 F.smooth_l1_loss 一致"))(
    _values(SMOOTH))
test_huber_values = graded(1.5, HUBER, Text("huber_loss matches F.huber_loss on random shapes, dtypes, reductions and deltas", "随机形状、dtype、归约方式和 delta 下 huber_loss 与 F.huber_loss 一致"))(_values(HUBER))


# ------------------------------------------------------------------------------ reductions


def _reductions(name):
    def check(student, credit):
        x, target = randn((3, 4), 10, torch.float32, 2.0), randn((3, 4), 11, torch.float32, 2.0)
        param = {SMOOTH: {"beta": 0.5}, HUBER: {"delta": 0.5}}.get(name, {})
        for reduction in REDUCTIONS:
            with credit.case(Text(f"reduction={reduction!r}", f"reduction={reduction!r}")):
                check_loss(student, name, x, target, reduction, **param)
        with credit.case(Text("the default reduction (mean)", "默认的归约方式（mean）")):
            check_loss(student, name, x, target, None, **param)
        positional = ("sum", *param.values())
        text = ", ".join(repr(v) for v in positional)
        with credit.case(Text(f"positional arguments in the contract's order: {name}(input, target, {text})", f"按约定顺序的位置参数：{name}(input, target, {text})")):
            what = Text("{call} for input {x}, target {target}", "input 为 {x}、target 为 {target} 时的 {call}").format(
                call=f"{name}(input, target, {text})", x=describe(x), target=describe(target))
            try:
                actual = getattr(student, name)(x, target, *positional)
            except StudentRaised as raised:
                raise raised_instead(raised, what) from None
            expect_close(actual, REFERENCE[name](x, target, "sum", **param), what=what, inputs=[x, target])
        for wrong in ("average", "Mean", None):
            with credit.case(Text(f"an unknown reduction {wrong!r}", f"未知的归约方式 {wrong!r}")):
                expect_raises(student, name, x, target, like=REFERENCE[name], reduction=wrong, **param,
                              what=Text(f"{name}(input, target, reduction={wrong!r}) (not one of 'none', 'mean', 'sum': raise ValueError)",
                                        f"{name}(input, target, reduction={wrong!r})（不是 'none'、'mean'、'sum' 之一：应引发 ValueError）"))
    return check


test_l1_reductions = graded(1, L1, Text("l1_loss: reductions 'none', 'mean' (default), 'sum'; ValueError for an unknown one; the argument order", "l1_loss：归约方式 'none'、'mean'（默认）、'sum'；未知的引发 ValueError；参数顺序"))(_reductions(L1))
test_mse_reductions = graded(1, MSE, Text("mse_loss: reductions 'none', 'mean' (default), 'sum'; ValueError for an unknown one; the argument order", "mse_loss：归约方式 'none'、'mean'（默认）、'sum'；未知的引发 ValueError；参数顺序"))(_reductions(MSE))
test_smooth_reductions = graded(0.5, SMOOTH, Text("smooth_l1_loss: reductions 'none', 'mean' (default), 'sum'; ValueError for an unknown one; the argument order", "smooth_l1_loss：归约方式 'none'、'mean'（默认）、'sum'；未知的引发 ValueError；参数顺序"))(
    _reductions(SMOOTH))
test_huber_reductions = graded(0.5, HUBER, Text("huber_loss: reductions 'none', 'mean' (default), 'sum'; ValueError for an unknown one; the argument order", "huber_loss：归约方式 'none'、'mean'（默认）、'sum'；未知的引发 ValueError；参数顺序"))(
    _reductions(HUBER))


# ----------------------------------------------------------------------------- broadcasting

BROADCASTING = (((4, 1), (4,)), ((4,), (4, 1)), ((2, 3), (3,)), ((), (5,)), ((3, 1, 4), (2, 1)))
NOT_BROADCASTING = (((2, 3), (3, 2)), ((4,), (3,)), ((2, 3), (2,)), ((6,), (2, 3)))


def _broadcasting(name):
    def check(student, credit):
        param = {SMOOTH: {"beta": 0.5}, HUBER: {"delta": 0.5}}.get(name, {})
        for index, (x_shape, target_shape) in enumerate(BROADCASTING):
            x, target = randn(x_shape, 20 + index, torch.float32), randn(target_shape, 30 + index, torch.float32)
            for reduction in ("none", "mean"):
                with credit.case(Text(f"input of shape {x_shape}, target of shape {target_shape}, reduction {reduction!r}", f"input 形状 {x_shape}，target 形状 {target_shape}，reduction {reduction!r}")):
                    check_loss(student, name, x, target, reduction, **param)
        for index, (x_shape, target_shape) in enumerate(NOT_BROADCASTING):
            x, target = randn(x_shape, 40 + index, torch.float32), randn(target_shape, 50 + index, torch.float32)
            with credit.case(Text(f"input of shape {x_shape}, target of shape {target_shape} (they do not broadcast)", f"input 形状 {x_shape}，target 形状 {target_shape}（二者不能广播）")):
                expect_raises(student, name, x, target, like=REFERENCE[name], **param,
                              what=Text(f"{name}(input, target) for input of shape {x_shape} and target of shape {target_shape} "
                                        "(they cannot broadcast: raise RuntimeError as input - target does, do not reshape)",
                                        f"input 形状为 {x_shape}、target 形状为 {target_shape} 时的 {name}(input, target)"
                                        "（二者不能广播：像 input - target 那样引发 RuntimeError，不要变形）"))
    return check


test_l1_broadcasting = graded(1.5, L1, Text("l1_loss broadcasts input and target like torch, and raises where they cannot broadcast", "l1_loss 像 torch 一样广播 input 和 target，不能广播时报错"))(
    _broadcasting(L1))
test_mse_broadcasting = graded(1.5, MSE, Text("mse_loss broadcasts input and target like torch, and raises where they cannot broadcast", "mse_loss 像 torch 一样广播 input 和 target，不能广播时报错"))(
    _broadcasting(MSE))
test_smooth_broadcasting = graded(1, SMOOTH, Text("smooth_l1_loss broadcasts input and target like torch, and raises where they cannot broadcast", "smooth_l1_loss 像 torch 一样广播 input 和 target，不能广播时报错"))(
    _broadcasting(SMOOTH))
test_huber_broadcasting = graded(1, HUBER, Text("huber_loss broadcasts input and target like torch, and raises where they cannot broadcast", "huber_loss 像 torch 一样广播 input 和 target，不能广播时报错"))(
    _broadcasting(HUBER))


# ----------------------------------------------------------------------------- beta, delta

DIFFS = torch.tensor([[-3.0, -1.0, -0.5, -0.25, -1e-3, 0.0], [1e-3, 0.25, 0.5, 1.0, 3.0, 40.0]])


@graded(1.5, SMOOTH, Text("smooth_l1_loss: beta = 0 is the L1 loss, small and large beta, an error for negative beta", "smooth_l1_loss：beta = 0 时即 L1 损失，beta 很小和很大时，beta 为负时报错"))
def test_smooth_beta(student, credit):
    target = randn((2, 6), 60, torch.float64)
    for dtype in (torch.float32, torch.float64):
        x = (target + DIFFS.double()).to(dtype)
        t = target.to(dtype)
        for beta in (0.0, 1e-4, 1e-3, 0.25, 1.0, 5.0, 100.0):
            for reduction in ("none", "mean"):
                with credit.case(Text(f"beta={beta}, reduction {reduction!r}, {dtype}", f"beta={beta}，reduction {reduction!r}，{dtype}")):
                    check_loss(student, SMOOTH, x, t, reduction, beta=beta,
                               what=Text(f"smooth_l1_loss(input, target, reduction={reduction!r}, beta={beta}) for |input - target| from 0 to 40 "
                                         f"({describe(x)})",
                                         f"|input - target| 从 0 到 40（{describe(x)}）时的 smooth_l1_loss(input, target, reduction={reduction!r}, beta={beta})"))
    x, t = randn((4,), 61, torch.float32), randn((4,), 62, torch.float32)
    for beta in (-0.5, -1e-3):
        with credit.case(Text(f"beta={beta} (negative)", f"beta={beta}（负数）")):
            expect_raises(student, SMOOTH, x, t, like=REFERENCE[SMOOTH], beta=beta, accept=(RuntimeError, ValueError),
                          what=Text(f"smooth_l1_loss(input, target, beta={beta}) (a negative beta: raise RuntimeError or ValueError)",
                                    f"smooth_l1_loss(input, target, beta={beta})（beta 为负：应引发 RuntimeError 或 ValueError）"))


@graded(1.5, HUBER, Text("huber_loss: small and large delta (huber = delta * smooth_l1 with beta = delta), an error for delta <= 0", "huber_loss：delta 很小和很大时（huber = delta * beta 为 delta 的 smooth_l1），delta <= 0 时报错"))
def test_huber_delta(student, credit):
    target = randn((2, 6), 63, torch.float64)
    for dtype in (torch.float32, torch.float64):
        x = (target + DIFFS.double()).to(dtype)
        t = target.to(dtype)
        for delta in (1e-3, 0.25, 1.0, 2.0, 5.0, 100.0):
            for reduction in ("none", "sum"):
                with credit.case(Text(f"delta={delta}, reduction {reduction!r}, {dtype}", f"delta={delta}，reduction {reduction!r}，{dtype}")):
                    check_loss(student, HUBER, x, t, reduction, delta=delta,
                               what=Text(f"huber_loss(input, target, reduction={reduction!r}, delta={delta}) for |input - target| from 0 to 40 "
                                         f"({describe(x)})",
                                         f"|input - target| 从 0 到 40（{describe(x)}）时的 huber_loss(input, target, reduction={reduction!r}, delta={delta})"))
    x, t = randn((4,), 64, torch.float32), randn((4,), 65, torch.float32)
    for delta in (0.0, -1.0):
        with credit.case(Text(f"delta={delta} (not positive)", f"delta={delta}（不是正数）")):
            expect_raises(student, HUBER, x, t, like=REFERENCE[HUBER], delta=delta, accept=(RuntimeError, ValueError),
                          what=Text(f"huber_loss(input, target, delta={delta}) (delta must be positive: raise RuntimeError or ValueError)",
                                    f"huber_loss(input, target, delta={delta})（delta 必须为正：应引发 RuntimeError 或 ValueError）"))


# -------------------------------------------------------------------------------- gradients


def mistake_gradient(loss_fn, x, target, reduction, wrt=(0, 1)):
    """Gradients of a known-wrong formula, with expect_gradients' upstream gradient (seed 1234)."""
    leaves = [a.detach().clone().requires_grad_(i in wrt) for i, a in enumerate((x, target))]
    out = _reduced(loss_fn(leaves[0] - leaves[1]), reduction or "mean")
    grad_output = torch.randn(out.shape, generator=torch.Generator().manual_seed(1234), dtype=out.dtype)
    return torch.autograd.grad(out, [leaves[i] for i in wrt], grad_output)


def gradient_hints(name, x, target, reduction, **param):
    """Hints for the gradient w.r.t. input (argument 0): kinks taken on the wrong side."""
    hints = []
    loss_of_d = lambda d: REFERENCE[name](d, torch.zeros_like(d), reduction="none", **param)  # noqa: E731
    if (reduction or "mean") == "mean":
        hints.append(Hint(Text("reduction='mean' averages over all elements; you summed (the gradient is too large by the element count)", "reduction='mean' 是对所有元素求平均；你求的是和（梯度大了元素个数倍）"),
                          lambda: mistake_gradient(loss_of_d, x, target, "sum")[0]))
    if name == MSE:
        hints.append(Hint(Text("torch's mse_loss has no factor 1/2 (d2l's squared_loss has one): the gradient of d**2 is 2 * d", "torch 的 mse_loss 没有 1/2 因子（d2l 的 squared_loss 才有）：d**2 的梯度是 2 * d"),
                          lambda: mistake_gradient(lambda d: d * d / 2, x, target, reduction)[0]))
    if name == L1 or (name == SMOOTH and param.get("beta") == 0):
        hints.append(Hint(Text("at input == target the gradient of |d| is 0 in torch (autograd of abs uses sign(0) = 0); "
                               "torch.where(d > 0, d, -d) picks the side with slope -1 there: use abs",
                               "在 input == target 处，torch 中 |d| 的梯度为 0（abs 的自动微分使用 sign(0) = 0）；"
                               "torch.where(d > 0, d, -d) 在那里取了斜率为 -1 的一侧：请用 abs"),
                          lambda: mistake_gradient(lambda d: torch.where(d > 0, d, -d), x, target, reduction)[0]))
        hints.append(Hint(Text("at input == target the gradient of |d| is 0 in torch (autograd of abs uses sign(0) = 0); "
                               "torch.where(d >= 0, d, -d) picks the side with slope +1 there: use abs",
                               "在 input == target 处，torch 中 |d| 的梯度为 0（abs 的自动微分使用 sign(0) = 0）；"
                               "torch.where(d >= 0, d, -d) 在那里取了斜率为 +1 的一侧：请用 abs"),
                          lambda: mistake_gradient(lambda d: torch.where(d >= 0, d, -d), x, target, reduction)[0]))
    if name == SMOOTH and param.get("beta") == 0:
        hints.append(Hint(Text("with beta = 0 the quadratic branch 0.5 * d**2 / beta is 0/0 or inf; torch.where does not use its "
                               "value but still back-propagates 0 * inf = nan through it. With beta = 0 return the L1 loss",
                               "beta = 0 时二次分支 0.5 * d**2 / beta 为 0/0 或 inf；torch.where 不使用它的值，"
                               "但反向传播仍会经过它得到 0 * inf = nan。beta = 0 时直接返回 L1 损失"),
                          lambda: mistake_gradient(lambda d: torch.where(d.abs() < 0.0, 0.5 * d * d / 0.0, d.abs()), x, target,
                                                   reduction)[0]))
    return hints


def _gradient_cases(name):
    """(label, input, target, reduction, param) in float64; kink inputs are dyadic, so d is exact."""
    x, target = randn((4, 3), 70, scale=2.0), randn((4, 3), 71, scale=2.0)
    column, row = randn((4, 1), 72, scale=2.0), randn((3,), 73, scale=2.0)
    base = torch.tensor([[0.25, -1.5, 2.0], [3.0, 0.5, -0.75]], dtype=torch.float64)
    main = {SMOOTH: {"beta": 0.5}, HUBER: {"delta": 0.5}}.get(name, {})
    cases = [("random (4, 3), reduction 'mean'", x, target, None, main),
             ("random (4, 3), reduction 'sum'", x, target, "sum", main),
             ("random (4, 3), reduction 'none'", x, target, "none", main),
             ("input (4, 1) broadcast against target (3,), reduction 'mean'", column, row, "mean", main)]
    zeros = base + torch.tensor([[0.0, 0.0, 0.5], [0.0, -0.5, 0.0]], dtype=torch.float64)
    cases.append(("input == target in four places (d = 0), reduction 'none'", zeros, base, "none", main))
    cases.append(("input == target in four places (d = 0), reduction 'mean'", zeros, base, "mean", main))
    if name in (SMOOTH, HUBER):
        key = PARAM[name]
        for value in (0.5, 2.0):
            kinks = base + value * torch.tensor([[1.0, -1.0, 0.5], [-0.5, 2.0, 1.0]], dtype=torch.float64)
            cases.append((f"|d| == {key} = {value} exactly (the kink), reduction 'none'", kinks, base, "none", {key: value}))
        if name == SMOOTH:
            cases.append(("beta = 0 (the L1 loss) with d = 0 in four places, reduction 'none'", zeros, base, "none", {"beta": 0.0}))
            cases.append(("beta = 0 (the L1 loss), random, reduction 'mean'", x, target, "mean", {"beta": 0.0}))
            tiny = base + 1e-3 * torch.tensor([[0.5, -2.0, 1.0], [0.0, -0.25, 4.0]], dtype=torch.float64)
            cases.append(("a small beta = 1e-3 with |d| around beta, reduction 'sum'", tiny, base, "sum", {"beta": 1e-3}))
        else:
            cases.append(("a large delta = 10 (everything quadratic), reduction 'mean'", x, target, "mean", {"delta": 10.0}))
            cases.append(("a small delta = 1e-3 (almost everything linear), reduction 'sum'", x, target, "sum", {"delta": 1e-3}))
    return cases


def _gradients(name):
    def check(student, credit):
        for label, x, target, reduction, param in _gradient_cases(name):
            kwargs = dict(param) if reduction is None else dict(param, reduction=reduction)
            what = call_text(name, x, target, reduction, **param)
            with credit.case(label):
                try:
                    expect_gradients(student, name, x, target, reference=REFERENCE[name], wrt=[0, 1], what=what,
                                     hints=gradient_hints(name, x, target, reduction, **param), **kwargs)
                except StudentRaised as raised:
                    raise raised_instead(raised, what) from None
    return check


test_l1_gradients = graded(2, L1, Text("gradients through l1_loss equal torch's (float64; 0 at input == target; broadcasting)", "l1_loss 的梯度与 torch 的一致（float64；input == target 处为 0；广播）"))(_gradients(L1))
test_mse_gradients = graded(2, MSE, Text("gradients through mse_loss equal torch's (float64; broadcasting)", "mse_loss 的梯度与 torch 的一致（float64；广播）"))(_gradients(MSE))
test_smooth_gradients = graded(2, SMOOTH, Text("gradients through smooth_l1_loss equal torch's (float64; at d = 0, |d| = beta, beta = 0, small beta)", "smooth_l1_loss 的梯度与 torch 的一致（float64；d = 0、|d| = beta、beta = 0、beta 很小时）"))(
    _gradients(SMOOTH))
test_huber_gradients = graded(2, HUBER, Text("gradients through huber_loss equal torch's (float64; at d = 0, |d| = delta, small and large delta)", "huber_loss 的梯度与 torch 的一致（float64；d = 0、|d| = delta、delta 很小和很大时）"))(
    _gradients(HUBER))


# ---------------------------------------------------------------- dtype, shape, inputs untouched


def _keeps_dtype_and_inputs(name):
    def check(student, credit):
        param = {SMOOTH: {"beta": 0.5}, HUBER: {"delta": 0.5}}.get(name, {})
        for dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
            x, target = randn((3, 5), 80, dtype), randn((3, 5), 81, dtype)
            for reduction in ("none", "mean"):
                with credit.case(Text(f"{dtype}, reduction {reduction!r}", f"{dtype}，reduction {reduction!r}")):
                    run = student.run(name, x.clone(), target.clone(), reduction=reduction, keep_args=True, **param)
                    what = call_text(name, x, target, reduction, **param)
                    expect_close(run.value, REFERENCE[name](x, target, reduction=reduction, **param), what=what, inputs=[x, target])
                    expect_unchanged([x, target], run.args_after, what=what)
    return check


test_l1_dtype = graded(0.5, L1, Text("l1_loss keeps dtype (float16/bfloat16/32/64) and leaves its inputs untouched", "l1_loss 保持 dtype（float16/bfloat16/32/64）且不修改输入"))(_keeps_dtype_and_inputs(L1))
test_mse_dtype = graded(0.5, MSE, Text("mse_loss keeps dtype (float16/bfloat16/32/64) and leaves its inputs untouched", "mse_loss 保持 dtype（float16/bfloat16/32/64）且不修改输入"))(_keeps_dtype_and_inputs(MSE))
test_smooth_dtype = graded(0.5, SMOOTH, Text("smooth_l1_loss keeps dtype (float16/bfloat16/32/64) and leaves its inputs untouched", "smooth_l1_loss 保持 dtype（float16/bfloat16/32/64）且不修改输入"))(
    _keeps_dtype_and_inputs(SMOOTH))
test_huber_dtype = graded(0.5, HUBER, Text("huber_loss keeps dtype (float16/bfloat16/32/64) and leaves its inputs untouched", "huber_loss 保持 dtype（float16/bfloat16/32/64）且不修改输入"))(
    _keeps_dtype_and_inputs(HUBER))


# ------------------------------------------------------------------------------------ speed

# Many short rows: torch's cost grows with the elements, a Python loop's with the rows (several hundred
# times torch's time for a loop over the 8192 rows); a vectorised torch.where formula is within ~15x.
SPEED_SHAPE = (8192, 8)


def _speed(name):
    def check(student):
        x, target = randn(SPEED_SHAPE, 90, torch.float32, 2.0), randn(SPEED_SHAPE, 91, torch.float32, 2.0)
        param = {SMOOTH: {"beta": 0.5}, HUBER: {"delta": 0.5}}.get(name, {})
        expect_fast(student, name, x, target, reference=REFERENCE[name], what=call_text(name, x, target, **param), **param)
    return check


test_l1_speed = graded(0.5, L1, Text("l1_loss is vectorised (within its time budget of torch)", "l1_loss 已向量化（在相对 torch 的时间预算内）"))(_speed(L1))
test_mse_speed = graded(0.5, MSE, Text("mse_loss is vectorised (within its time budget of torch)", "mse_loss 已向量化（在相对 torch 的时间预算内）"))(_speed(MSE))
test_smooth_speed = graded(0.5, SMOOTH, Text("smooth_l1_loss is vectorised (within its time budget of torch)", "smooth_l1_loss 已向量化（在相对 torch 的时间预算内）"))(_speed(SMOOTH))
test_huber_speed = graded(0.5, HUBER, Text("huber_loss is vectorised (within its time budget of torch)", "huber_loss 已向量化（在相对 torch 的时间预算内）"))(_speed(HUBER))


# -------------------------------------------------------------------------------------- GPU


def _gpu(name):
    @requires_cuda
    def check(student, credit):
        params = {SMOOTH: ({"beta": 0.5}, {"beta": 0.0}), HUBER: ({"delta": 0.5}, {"delta": 2.0})}.get(name, ({},))
        for dtype in (torch.float32, torch.float64):
            x, target = randn((256, 10), 100, dtype, 2.0), randn((256, 10), 101, dtype, 2.0)
            column = randn((256, 1), 102, dtype, 2.0)
            for param in params:
                for reduction in ("none", "mean"):
                    with credit.case(Text(f"{dtype}, reduction {reduction!r}{''.join(f', {k}={v}' for k, v in param.items())}",
                                          f"{dtype}，reduction {reduction!r}{''.join(f'，{k}={v}' for k, v in param.items())}")):
                        expect_cuda_matches(student, name, x, target, reference=REFERENCE[name], reduction=reduction, **param,
                                            what=call_text(name, x, target, reduction, **param))
            with credit.case(Text(f"{dtype}, input (256, 1) broadcast against target (256, 10)", f"{dtype}，input (256, 1) 与 target (256, 10) 广播")):
                expect_cuda_matches(student, name, column, target, reference=REFERENCE[name], reduction="sum", **params[0],
                                    what=call_text(name, column, target, "sum", **params[0]))
    return check


test_l1_gpu = graded(0.5, L1, Text("l1_loss on CUDA: equals torch, stays on the GPU, no host sync", "CUDA 上的 l1_loss：与 torch 一致，留在 GPU 上，无主机同步"))(_gpu(L1))
test_mse_gpu = graded(0.5, MSE, Text("mse_loss on CUDA: equals torch, stays on the GPU, no host sync", "CUDA 上的 mse_loss：与 torch 一致，留在 GPU 上，无主机同步"))(_gpu(MSE))
test_smooth_gpu = graded(0.5, SMOOTH, Text("smooth_l1_loss on CUDA: equals torch, stays on the GPU, no host sync", "CUDA 上的 smooth_l1_loss：与 torch 一致，留在 GPU 上，无主机同步"))(_gpu(SMOOTH))
test_huber_gpu = graded(0.5, HUBER, Text("huber_loss on CUDA: equals torch, stays on the GPU, no host sync", "CUDA 上的 huber_loss：与 torch 一致，留在 GPU 上，无主机同步"))(_gpu(HUBER))

"""Hidden tests for binary_cross_entropy and binary_cross_entropy_with_logits.

Gradients of binary_cross_entropy are compared on interior probabilities only (p in [0.02, 0.98]).
At a probability of exactly 0 or 1 torch's hand-written backward returns (p - y) / max(p (1 - p), 1e-12),
i.e. +-1e12, a value no autograd formula reproduces (clamp(log(p), min=-100) gives 0 or nan there):
the forward values at 0 and 1 (finite, clamped at -100) are graded, their gradients are not.
binary_cross_entropy_with_logits has no such artefact: its gradient sigmoid(x) - y is graded everywhere,
at logits of +-1000 and at logits of exactly 0 too (a zero-initialised output layer).
"""
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from autograder.spec import (
    Hint,
    Text,
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

BCE, BCE_LOGITS = "binary_cross_entropy", "binary_cross_entropy_with_logits"
REFERENCE = {BCE: F.binary_cross_entropy, BCE_LOGITS: F.binary_cross_entropy_with_logits}


def torch_bce_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    """F.binary_cross_entropy_with_logits with the contract's positional order (torch's 4th argument is
    the deprecated size_average, not pos_weight)."""
    return F.binary_cross_entropy_with_logits(logits, target, weight, pos_weight=pos_weight, reduction=reduction)


def randn(shape, seed, dtype=torch.float64, scale=1.0):
    return (torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * scale).to(dtype)


def rand(shape, seed, dtype=torch.float64, low=0.0, high=1.0):
    u = torch.rand(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return (low + (high - low) * u).to(dtype)


def call_text(name, x, target, weight=None, pos_weight=None, reduction=None, input_name=None):
    input_name = input_name or ("p" if name == BCE else "x")
    parts = [input_name, "y"]
    described = [f"{input_name} {describe(x)}", f"y {describe(target)}"]
    if weight is not None:
        parts.append("weight=w")
        described.append(f"w {describe(weight)}")
    if pos_weight is not None:
        parts.append("pos_weight=pw")
        described.append(f"pw {describe(pos_weight)}")
    if reduction is not None:
        parts.append(f"reduction={reduction!r}")
    return Text("{call} for {inputs}", "{inputs} 时的 {call}").format(call=f"{name}({', '.join(parts)})", inputs=", ".join(described))


def kwargs_of(weight=None, pos_weight=None, reduction=None):
    kwargs = {}
    if weight is not None:
        kwargs["weight"] = weight
    if pos_weight is not None:
        kwargs["pos_weight"] = pos_weight
    if reduction is not None:
        kwargs["reduction"] = reduction
    return kwargs


# ------------------------------------------------------------------------- known mistakes


def _elementwise(name, x, target, pos_weight=None, pos_on_negative=False):
    """The unweighted elementwise loss, optionally with pos_weight on the wrong term."""
    if name == BCE:
        return F.binary_cross_entropy(x, target, reduction="none")
    pw = torch.ones_like(x) if pos_weight is None else pos_weight
    log_p, log_q = F.logsigmoid(x), F.logsigmoid(-x)
    if pos_on_negative:
        return -(target * log_p + pw * (1 - target) * log_q)
    return -(pw * target * log_p + (1 - target) * log_q)


def _reduced(loss, reduction, divisor=None):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / (loss.numel() if divisor is None else divisor)


def common_mistakes(name, x, target, weight=None, pos_weight=None, reduction="mean"):
    """Hints for answers that match a known wrong formula."""
    w = torch.ones_like(x) if weight is None else weight
    hints = []
    if reduction == "mean":
        hints.append(Hint(Text("reduction='mean' averages over all elements; you summed", "reduction='mean' 是对所有元素求平均；你求的是和"),
                          lambda: _reduced(_elementwise(name, x, target, pos_weight) * w, "sum")))
        if x.dim() > 1:
            hints.append(Hint(Text("reduction='mean' divides by the number of elements, not by the batch size (dim 0)",
                                   "reduction='mean' 除以元素个数，而不是批量大小（第 0 维）"),
                              lambda: _reduced(_elementwise(name, x, target, pos_weight) * w, "mean", x.shape[0])))
        if weight is not None:
            hints.append(Hint(Text("reduction='mean' divides by the number of elements, not by the sum of the weights",
                                   "reduction='mean' 除以元素个数，而不是权重之和"),
                              lambda: _reduced(_elementwise(name, x, target, pos_weight) * w, "mean",
                                               torch.broadcast_to(w, x.shape).sum())))
    if weight is not None:
        hints.append(Hint(Text("weight must multiply each element's loss (it looks ignored)", "weight 必须乘到每个元素的损失上（它似乎被忽略了）"),
                          lambda: _reduced(_elementwise(name, x, target, pos_weight), reduction)))
    if pos_weight is not None:
        hints.append(Hint(Text("pos_weight multiplies the positive term y * log(sigmoid(x)), not the negative one",
                               "pos_weight 乘的是正类项 y * log(sigmoid(x))，而不是负类项"),
                          lambda: _reduced(_elementwise(name, x, target, pos_weight, pos_on_negative=True) * w, reduction)))
        hints.append(Hint(Text("pos_weight looks ignored: it multiplies the positive term y * log(sigmoid(x))",
                               "pos_weight 似乎被忽略了：它应乘在正类项 y * log(sigmoid(x)) 上"),
                          lambda: _reduced(_elementwise(name, x, target) * w, reduction)))
    hints.append(Hint(Text("the loss is MINUS the log-likelihood: check the sign", "损失是对数似然的相反数（取负号）：检查符号"),
                      lambda: -_reduced(_elementwise(name, x, target, pos_weight) * w, reduction)))
    return hints


def _same(hint, expected):
    """A hint whose wrong formula gives the right answer here (sum == mean for one element) would mislead."""
    candidate = hint.candidate() if callable(hint.candidate) else hint.candidate
    try:
        torch.testing.assert_close(candidate.to(expected.dtype), expected, rtol=1e-3, atol=1e-4, equal_nan=True)
        return True
    except (AssertionError, RuntimeError, TypeError, ValueError):
        return False


def check_loss(student, name, x, target, weight=None, pos_weight=None, reduction=None, what=None, hints=None):
    kwargs = kwargs_of(weight, pos_weight, reduction)
    expected = REFERENCE[name](x, target, **kwargs)
    actual = getattr(student, name)(x, target, **kwargs)
    hints = common_mistakes(name, x, target, weight, pos_weight, reduction or "mean") if hints is None else hints
    hints = [hint for hint in hints if not _same(hint, expected)]
    expect_close(actual, expected, what=what or call_text(name, x, target, weight, pos_weight, reduction),
                 inputs=[x, target] + ([weight] if weight is not None else []) + ([pos_weight] if pos_weight is not None else []),
                 hints=hints)


# ---------------------------------------------------------------------------------- values


@st.composite
def loss_cases(draw, logits):
    """A random input of 1-3 dims (sizes 1-6), soft or 0/1 targets, a reduction and a dtype."""
    shape = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    reduction = draw(st.sampled_from([None, "none", "mean", "sum"]))
    seed = draw(st.integers(0, 2**31 - 1))
    if logits:
        x = randn(shape, seed, dtype, scale=draw(st.sampled_from([0.1, 1.0, 5.0, 30.0])))
    else:
        x = rand(shape, seed, dtype, 0.001, 0.999)
    if draw(st.booleans()):
        target = rand(shape, seed + 1, dtype)
    else:
        target = rand(shape, seed + 1, dtype).round()
    return x, target, reduction


@graded(2, BCE, Text("binary_cross_entropy matches F.binary_cross_entropy on random shapes, soft and 0/1 targets, all reductions",
                     "随机形状、软标签和 0/1 标签、所有归约方式下 binary_cross_entropy 与 F.binary_cross_entropy 一致"))
@given(case=loss_cases(logits=False))
def test_bce_values(student, case):
    p, target, reduction = case
    check_loss(student, BCE, p, target, reduction=reduction)


@graded(1.5, BCE_LOGITS, Text("binary_cross_entropy_with_logits matches torch on random shapes, soft and 0/1 targets, all reductions",
                              "随机形状、软标签和 0/1 标签、所有归约方式下 binary_cross_entropy_with_logits 与 torch 一致"))
@given(case=loss_cases(logits=True))
def test_logits_values(student, case):
    x, target, reduction = case
    check_loss(student, BCE_LOGITS, x, target, reduction=reduction)


# ------------------------------------------------------------------------ weight, pos_weight


def _weighted_cases(name):
    """(label, input, target, weight, pos_weight, reduction): weights of several broadcastable shapes."""
    if name == BCE:
        x = rand((5, 3), 10, low=0.01, high=0.99)
    else:
        x = randn((5, 3), 10, scale=3.0)
    target = rand((5, 3), 11).round()
    soft = rand((5, 3), 12)
    per_class = rand((3,), 13, low=0.2, high=3.0)
    per_sample = rand((5, 1), 14, low=0.2, high=3.0)
    full = rand((5, 3), 15, low=0.0, high=2.0)
    pos = rand((3,), 16, low=0.5, high=6.0)
    cases = [
        ("weight of the input's shape (5, 3)", x, target, full, None, "none"),
        ("per-class weight of shape (3,), reduction 'mean'", x, target, per_class, None, "mean"),
        ("per-sample weight of shape (5, 1), reduction 'sum'", x, soft, per_sample, None, "sum"),
        ("per-class weight of shape (3,), soft targets, reduction 'none'", x, soft, per_class, None, "none"),
    ]
    if name == BCE_LOGITS:
        cases += [
            ("pos_weight of shape (3,) for an input (5, 3), reduction 'none'", x, target, None, pos, "none"),
            ("pos_weight of shape (3,), reduction 'mean'", x, target, None, pos, "mean"),
            ("pos_weight of shape (3,) with soft targets, reduction 'sum'", x, soft, None, pos, "sum"),
            ("pos_weight of shape (1,)", x, target, None, pos[:1], "mean"),
            ("pos_weight (3,) and per-sample weight (5, 1) together", x, target, per_sample, pos, "none"),
            ("pos_weight (3,) and weight (3,) together, reduction 'mean'", x, soft, per_class, pos, "mean"),
        ]
    return cases


def _weights(name):
    def check(student, credit):
        for label, x, target, weight, pos_weight, reduction in _weighted_cases(name):
            for dtype in (torch.float32, torch.float64):
                as_dtype = [None if t is None else t.to(dtype) for t in (x, target, weight, pos_weight)]
                with credit.case(Text(f"{label}, {dtype}", f"{label}，{dtype}")):
                    check_loss(student, name, *as_dtype, reduction=reduction)
    return check


test_bce_weight = graded(1, BCE, Text("binary_cross_entropy: weight broadcasts (same shape, per class (C,), per sample (N, 1))",
                                     "binary_cross_entropy：weight 可广播（同形状、按类别 (C,)、按样本 (N, 1)）"))(_weights(BCE))
test_logits_weight = graded(1.5, BCE_LOGITS, Text("binary_cross_entropy_with_logits: weight and pos_weight (C,) broadcast over classes",
                                                "binary_cross_entropy_with_logits：weight 和 pos_weight (C,) 沿类别广播"))(
    _weights(BCE_LOGITS))


# ------------------------------------------------------------------- clamping and stability


CLAMP_HINT = Text("clamp each log at -100 (torch.clamp(torch.log(p), min=-100)), not the probability to [eps, 1 - eps]",
                  "把每个对数截断在 -100（torch.clamp(torch.log(p), min=-100)），而不是把概率截断到 [eps, 1 - eps]")


@graded(1.5, BCE, Text("binary_cross_entropy clamps each log at -100: probabilities of exactly 0 and 1 give finite losses",
                       "binary_cross_entropy 把每个对数截断在 -100：概率恰为 0 和 1 时损失仍有限"))
def test_bce_clamp(student, credit):
    eps_clamped = lambda p, y, eps: F.binary_cross_entropy(p.clamp(eps, 1 - eps), y, reduction="none")  # noqa: E731
    hints = lambda p, y: [  # noqa: E731
        Hint(CLAMP_HINT, lambda: eps_clamped(p, y, 1e-7)),
        Hint(CLAMP_HINT, lambda: eps_clamped(p, y, 1e-12)),
    ]
    saturated_p = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    saturated_y = torch.tensor([0.0, 1.0, 1.0, 0.0, 0.3, 0.7])
    for dtype in (torch.float32, torch.float64):
        p, y = saturated_p.to(dtype), saturated_y.to(dtype)
        with credit.case(Text(f"probabilities of exactly 0 and 1, right and wrong, reduction 'none', {dtype}",
                                  f"概率恰为 0 和 1，预测对与错，reduction 'none'，{dtype}")):
            check_loss(student, BCE, p, y, reduction="none", hints=hints(p, y),
                       what=Text(f"binary_cross_entropy(p, y, reduction='none') for p = [0, 1, 0, 1, 0, 1], y = [0, 1, 1, 0, 0.3, 0.7] ({dtype})",
                                 f"p = [0, 1, 0, 1, 0, 1]、y = [0, 1, 1, 0, 0.3, 0.7]（{dtype}）时的 binary_cross_entropy(p, y, reduction='none')"))
        with credit.case(Text(f"a batch with one confidently wrong prediction (p = 0, y = 1), reduction 'mean', {dtype}",
                                  f"一个批量中有一个十分自信的错误预测（p = 0，y = 1），reduction 'mean'，{dtype}")):
            p2 = torch.tensor([0.9, 0.0, 0.2, 0.7], dtype=dtype)
            y2 = torch.tensor([1.0, 1.0, 0.0, 1.0], dtype=dtype)
            check_loss(student, BCE, p2, y2, reduction="mean",
                       what=Text(f"binary_cross_entropy(p, y) for p = [0.9, 0, 0.2, 0.7], y = [1, 1, 0, 1] ({dtype})",
                                 f"p = [0.9, 0, 0.2, 0.7]、y = [1, 1, 0, 1]（{dtype}）时的 binary_cross_entropy(p, y)"))
    tiny = {
        torch.float32: (torch.tensor([1e-30, 1e-45, 1e-40, 1e-30]), "[1e-30, 1e-45, 1e-40, 1e-30]"),
        torch.float64: (torch.tensor([1e-30, 1e-300, 1e-60, 1e-30], dtype=torch.float64), "[1e-30, 1e-300, 1e-60, 1e-30]"),
    }
    for dtype, (p, text) in tiny.items():
        y = torch.tensor([1.0, 1.0, 1.0, 0.0], dtype=dtype)
        with credit.case(Text(f"tiny probabilities (some with a log below -100), {dtype}", f"极小的概率（有的对数低于 -100），{dtype}")):
            check_loss(student, BCE, p, y, reduction="none", hints=hints(p, y),
                       what=Text(f"binary_cross_entropy(p, y, reduction='none') for p = {text}, y = [1, 1, 1, 0] ({dtype})",
                                 f"p = {text}、y = [1, 1, 1, 0]（{dtype}）时的 binary_cross_entropy(p, y, reduction='none')"))


STABILITY_CASES = {
    "logits at +-1000, 0/1 targets": (torch.tensor([[1000.0, -1000.0, 1000.0, -1000.0], [0.0, 1000.0, -1000.0, 5.0]]),
                                      torch.tensor([[1.0, 0.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0]])),
    "logits at +-1000, soft targets": (torch.tensor([[1000.0, -1000.0, 500.0], [-500.0, 1000.0, -1000.0]]),
                                       torch.tensor([[0.3, 0.9, 0.5], [0.1, 0.75, 0.25]])),
    "logits of +-20 to +-120 (sigmoid rounds to 0 or 1, exp(-x) underflows)": (
        torch.tensor([[20.0, -20.0, 40.0, -40.0], [90.0, -90.0, 120.0, -120.0]]),
        torch.tensor([[0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]])),
    "logits at +-1e4 and tiny logits": (torch.tensor([[1e4, -1e4, 1e-6, -1e-6]]), torch.tensor([[0.0, 1.0, 1.0, 0.0]])),
}


@graded(1.5, BCE_LOGITS, Text("binary_cross_entropy_with_logits is stable: logits of +-20 ... +-1e4 give finite, exact losses",
                              "binary_cross_entropy_with_logits 数值稳定：logits 为 ±20 … ±1e4 时损失有限且准确"))
def test_logits_stability(student, credit):
    for label, (x, y) in STABILITY_CASES.items():
        for dtype in (torch.float32, torch.float64):
            xd, yd = x.to(dtype), y.to(dtype)
            for reduction, pos_weight in (("none", None), ("mean", None), ("none", torch.tensor([2.5], dtype=dtype))):
                extra = "" if pos_weight is None else ", pos_weight=[2.5]"
                with credit.case(Text(f"{label}, reduction {reduction!r}{extra}, {dtype}", f"{label}，reduction {reduction!r}{extra}，{dtype}")):
                    check_loss(student, BCE_LOGITS, xd, yd, pos_weight=pos_weight, reduction=reduction,
                               what=Text(f"binary_cross_entropy_with_logits(x, y, reduction={reduction!r}{extra}) on {label} "
                                         f"(x {describe(xd)})",
                                         f"{label}（x {describe(xd)}）上的 binary_cross_entropy_with_logits(x, y, reduction={reduction!r}{extra})"),
                               hints=[Hint(Text("log(sigmoid(x)) underflows to -inf for large |x|: compute -log(sigmoid(x)) = "
                                                "m + log(exp(-m) + exp(-x - m)) with m = max(-x, 0) detached, as in logsumexp",
                                                "|x| 很大时 log(sigmoid(x)) 下溢为 -inf：像 logsumexp 那样计算 -log(sigmoid(x)) = "
                                                "m + log(exp(-m) + exp(-x - m))，其中 m = max(-x, 0) 并 detach"),
                                           lambda: _reduced(-(yd * torch.sigmoid(xd).log() + (1 - yd) * (1 - torch.sigmoid(xd)).log()),
                                                            reduction))])


# ----------------------------------------------------------------------------------- errors


def _errors(name):
    def check(student, credit):
        make = (lambda s, seed: rand(s, seed, torch.float32, 0.05, 0.95)) if name == BCE else (lambda s, seed: randn(s, seed, torch.float32))
        for input_shape, target_shape in (((4,), (3,)), ((4,), (4, 1)), ((2, 3), (3, 2)), ((2, 3), (1, 3))):
            x, y = make(input_shape, 20), rand(target_shape, 21, torch.float32).round()
            with credit.case(Text(f"input of shape {input_shape}, target of shape {target_shape}",
                                  f"输入形状 {input_shape}，目标形状 {target_shape}")):
                expect_raises(student, name, x, y, like=REFERENCE[name],
                              what=Text(f"{name}(x, y) for x of shape {input_shape} and y of shape {target_shape} "
                                        "(different sizes: raise ValueError, do not broadcast)",
                                        f"x 形状为 {input_shape}、y 形状为 {target_shape} 时的 {name}(x, y)"
                                        "（大小不同：应引发 ValueError，不要广播）"))
        x = make((4,), 22)
        y = rand((4,), 23, torch.float32).round()
        with credit.case(Text("an unknown reduction", "未知的归约方式")):
            expect_raises(student, name, x, y, like=REFERENCE[name], reduction="average",
                          what=Text(f"{name}(x, y, reduction='average') (not one of 'none', 'mean', 'sum')",
                                    f"{name}(x, y, reduction='average')（不是 'none'、'mean'、'sum' 之一）"))
    return check


test_bce_errors = graded(0.5, BCE, Text("binary_cross_entropy raises ValueError when target and input sizes differ, or for an unknown reduction",
                                       "目标与输入大小不同或归约方式未知时 binary_cross_entropy 引发 ValueError"))(
    _errors(BCE))
test_logits_errors = graded(0.5, BCE_LOGITS, Text("binary_cross_entropy_with_logits raises ValueError when target and input sizes differ, or for an unknown reduction",
                                                 "目标与输入大小不同或归约方式未知时 binary_cross_entropy_with_logits 引发 ValueError"))(
    _errors(BCE_LOGITS))


# -------------------------------------------------------------------------------- gradients


@graded(1.5, BCE, Text("gradients through binary_cross_entropy equal torch's (float64, interior probabilities)",
                       "binary_cross_entropy 的梯度与 torch 的一致（float64，概率在区间内部）"))
def test_bce_gradients(student, credit):
    """Interior probabilities only: at p = 0 or 1 torch's backward is an artefact (+-1e12), see the module docstring."""
    p = rand((4, 3), 30, low=0.02, high=0.98)
    hard, soft = rand((4, 3), 31).round(), rand((4, 3), 32)
    weight = rand((3,), 33, low=0.2, high=3.0)
    for label, target, w, reduction in (("0/1 targets, reduction 'mean'", hard, None, None),
                                        ("soft targets, reduction 'sum'", soft, None, "sum"),
                                        ("soft targets, reduction 'none'", soft, None, "none"),
                                        ("per-class weight (3,), reduction 'mean'", hard, weight, "mean"),
                                        ("per-class weight (3,), soft targets, reduction 'none'", soft, weight, "none")):
        with credit.case(label):
            expect_gradients(student, BCE, p, target, reference=F.binary_cross_entropy, wrt=[0, 1],
                             what=call_text(BCE, p, target, w, None, reduction), **kwargs_of(w, None, reduction))


def _textbook_gradient(x, target, pos_weight, reduction):
    """d/dx of max(x, 0) - x y + log1p(exp(-|x|)): wrong exactly at x = 0 (the kinks of max and abs)."""
    leaf = x.detach().clone().requires_grad_(True)
    pw = torch.ones_like(leaf) if pos_weight is None else pos_weight
    loss = (1 - target) * leaf + (pw * target + 1 - target) * (leaf.clamp(min=0) - leaf + torch.log1p(torch.exp(-leaf.abs())))
    out = _reduced(loss, reduction or "mean")
    grad_output = torch.randn(out.shape, generator=torch.Generator().manual_seed(1234), dtype=out.dtype)
    return torch.autograd.grad(out, leaf, grad_output)[0]


@graded(1.5, BCE_LOGITS, Text("gradients through binary_cross_entropy_with_logits equal torch's (float64, also at +-1000 and at 0)",
                              "binary_cross_entropy_with_logits 的梯度与 torch 的一致（float64，包括 ±1000 和 0 处）"))
def test_logits_gradients(student, credit):
    x = randn((4, 3), 40, scale=4.0)
    hard, soft = rand((4, 3), 41).round(), rand((4, 3), 42)
    weight = rand((4, 1), 43, low=0.2, high=3.0)
    pos = rand((3,), 44, low=0.5, high=5.0)
    large = torch.tensor([[1000.0, -1000.0, 1000.0], [-1000.0, 30.0, -30.0]], dtype=torch.float64)
    large_target = torch.tensor([[1.0, 0.0, 0.0], [1.0, 0.5, 1.0]], dtype=torch.float64)
    zeros = torch.zeros(2, 3, dtype=torch.float64)
    zero_target = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.3, 1.0]], dtype=torch.float64)
    cases = (
        ("0/1 targets, reduction 'mean'", x, hard, None, None, None),
        ("soft targets, reduction 'none'", x, soft, None, None, "none"),
        ("per-sample weight (4, 1), reduction 'sum'", x, hard, weight, None, "sum"),
        ("pos_weight (3,), soft targets, reduction 'mean'", x, soft, None, pos, "mean"),
        ("pos_weight (3,) and weight (4, 1), reduction 'none'", x, hard, weight, pos, "none"),
        ("logits at +-1000 and +-30", large, large_target, None, None, "none"),
        ("logits of exactly 0 (a zero-initialised output layer)", zeros, zero_target, None, None, "sum"),
    )
    for label, logits, target, w, pw, reduction in cases:
        hints = [Hint(Text("at x = 0 exactly, max(x, 0) and |x| have kinks and autograd picks one side: "
                           "the gradient of the loss there is sigmoid(0) - y = 0.5 - y. Write -log(sigmoid(x)) as "
                           "m + log(exp(-m) + exp(-x - m)) with m = max(-x, 0) detached, or use a smooth formula",
                           "恰在 x = 0 处 max(x, 0) 和 |x| 不可导，自动微分会取一侧：该处损失的梯度应为 "
                           "sigmoid(0) - y = 0.5 - y。把 -log(sigmoid(x)) 写成 m + log(exp(-m) + exp(-x - m))"
                           "（m = max(-x, 0) 并 detach），或使用光滑的公式"),
                      lambda: _textbook_gradient(logits, target, pw, reduction))]
        with credit.case(label):
            expect_gradients(student, BCE_LOGITS, logits, target, reference=F.binary_cross_entropy_with_logits, wrt=[0, 1],
                             what=call_text(BCE_LOGITS, logits, target, w, pw, reduction), hints=hints,
                             **kwargs_of(w, pw, reduction))


# ---------------------------------------------------------------- dtype, shape, inputs untouched


def _keeps_dtype_and_inputs(name):
    def check(student, credit):
        for dtype in (torch.float32, torch.float64):
            x = rand((3, 5), 50, dtype, 0.05, 0.95) if name == BCE else randn((3, 5), 50, dtype, 3.0)
            target = rand((3, 5), 51, dtype)
            weight = rand((5,), 52, dtype, 0.5, 2.0)
            for reduction in ("none", "mean"):
                with credit.case(Text(f"{dtype}, reduction {reduction!r}", f"{dtype}，reduction {reduction!r}")):
                    run = student.run(name, x.clone(), target.clone(), weight.clone(), reduction=reduction, keep_args=True)
                    what = call_text(name, x, target, weight, None, reduction).replace("weight=w", "w")
                    expect_close(run.value, REFERENCE[name](x, target, weight, reduction=reduction), what=what,
                                 inputs=[x, target, weight])
                    expect_unchanged([x, target, weight], run.args_after, what=what)
    return check


test_bce_dtype = graded(0.5, BCE, Text("binary_cross_entropy keeps dtype (float32/64), shape, and leaves its inputs untouched",
                                      "binary_cross_entropy 保持 dtype（float32/64）和形状，且不修改输入"))(
    _keeps_dtype_and_inputs(BCE))
test_logits_dtype = graded(0.5, BCE_LOGITS, Text("binary_cross_entropy_with_logits keeps dtype (float32/64), shape, and leaves its inputs untouched",
                                                "binary_cross_entropy_with_logits 保持 dtype（float32/64）和形状，且不修改输入"))(
    _keeps_dtype_and_inputs(BCE_LOGITS))


# ------------------------------------------------------------------------------------ speed

# Many short rows: torch's cost grows with the elements, a Python loop's with the rows (about 100x the budget
# for a loop over rows); each call still takes milliseconds, well above the cost of a sandbox round trip.
SPEED_SHAPE = (8192, 8)


@graded(0.5, BCE, Text("binary_cross_entropy is vectorised (within its time budget of torch)",
                       "binary_cross_entropy 已向量化（在相对 torch 的时间预算内）"))
def test_bce_speed(student):
    p = rand(SPEED_SHAPE, 60, torch.float32, 0.01, 0.99)
    target = rand(SPEED_SHAPE, 61, torch.float32).round()
    expect_fast(student, BCE, p, target, reference=F.binary_cross_entropy, what=call_text(BCE, p, target))


@graded(0.5, BCE_LOGITS, Text("binary_cross_entropy_with_logits is vectorised (within its time budget of torch)",
                              "binary_cross_entropy_with_logits 已向量化（在相对 torch 的时间预算内）"))
def test_logits_speed(student):
    x = randn(SPEED_SHAPE, 62, torch.float32, 3.0)
    target = rand(SPEED_SHAPE, 63, torch.float32).round()
    pos = rand((SPEED_SHAPE[1],), 64, torch.float32, 0.5, 3.0)
    expect_fast(student, BCE_LOGITS, x, target, None, pos, reference=torch_bce_logits,
                what=call_text(BCE_LOGITS, x, target, None, pos).replace("pos_weight=pw", "None, pw"))


# -------------------------------------------------------------------------------------- GPU


@requires_cuda
@graded(0.5, BCE, Text("binary_cross_entropy on CUDA: equals torch, stays on the GPU, no host sync",
                       "CUDA 上的 binary_cross_entropy：与 torch 一致，留在 GPU 上，无主机同步"))
def test_bce_gpu(student, credit):
    for dtype in (torch.float32, torch.float64):
        p = rand((256, 10), 70, dtype)
        p[0, :4] = torch.tensor([0.0, 1.0, 0.0, 1.0], dtype=dtype)
        target = rand((256, 10), 71, dtype).round()
        weight = rand((10,), 72, dtype, 0.5, 2.0)
        for reduction in ("none", "mean"):
            with credit.case(Text(f"{dtype}, reduction {reduction!r}", f"{dtype}，reduction {reduction!r}")):
                expect_cuda_matches(student, BCE, p, target, weight, reduction=reduction, reference=F.binary_cross_entropy,
                                    what=Text(f"binary_cross_entropy(p, y, w, reduction={reduction!r}) for p {describe(p)}",
                                              f"p {describe(p)} 时的 binary_cross_entropy(p, y, w, reduction={reduction!r})"))


@requires_cuda
@graded(0.5, BCE_LOGITS, Text("binary_cross_entropy_with_logits on CUDA: equals torch, stays on the GPU, no host sync",
                              "CUDA 上的 binary_cross_entropy_with_logits：与 torch 一致，留在 GPU 上，无主机同步"))
def test_logits_gpu(student, credit):
    for dtype in (torch.float32, torch.float64):
        x = randn((256, 10), 73, dtype, 5.0)
        x[0, :4] = torch.tensor([1000.0, -1000.0, 1000.0, -1000.0], dtype=dtype)
        target = rand((256, 10), 74, dtype).round()
        weight = rand((256, 1), 75, dtype, 0.5, 2.0)
        pos = rand((10,), 76, dtype, 0.5, 4.0)
        for reduction in ("none", "mean"):
            with credit.case(Text(f"{dtype}, reduction {reduction!r}", f"{dtype}，reduction {reduction!r}")):
                expect_cuda_matches(student, BCE_LOGITS, x, target, weight, pos, reduction=reduction,
                                    reference=torch_bce_logits,
                                    what=Text(f"binary_cross_entropy_with_logits(x, y, w, pw, reduction={reduction!r}) for x {describe(x)}",
                                              f"x {describe(x)} 时的 binary_cross_entropy_with_logits(x, y, w, pw, reduction={reduction!r})"))

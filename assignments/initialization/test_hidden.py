"""Hidden tests for initialization: fans, gains, Xavier and Kaiming (uniform and normal).

The init functions are random, so their tests check the *distribution* of the values a student's
function produced, never torch's random stream: a bound (uniform), the sample variance against a
chi-square band (normal), the mean against a normal band, and a Kolmogorov-Smirnov test against the
exact distribution. Each statistical test states its false-failure rate (at most 1e-6, split over its
checks by a union bound); the bounds come from ``scipy.stats``.
"""
import importlib.util
import math
import types
from pathlib import Path

import torch
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from autograder.spec import (
    Mismatch,
    Text,
    StudentRaised,
    describe,
    expect_equal,
    expect_fast,
    expect_raises,
    graded,
    requires_cuda,
)

init = torch.nn.init
_spec = importlib.util.spec_from_file_location("initialization_scenarios", Path(__file__).with_name("scenarios.py"))
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)

RATE = 1e-6  # false-failure rate allowed per statistical test
SQRT5 = math.sqrt(5.0)


def nan_tensor(shape, dtype=torch.float32):
    """What the init functions get: every value NaN, so an unfilled entry shows."""
    return torch.full(shape, float("nan"), dtype=dtype)


def fans(shape):
    return init._calculate_fan_in_and_fan_out(torch.empty(shape))


def torch_std(name, shape, **kwargs):
    """The standard deviation torch's ``name`` gives a weight of ``shape`` (uniform: bound / sqrt(3))."""
    fan_in, fan_out = fans(shape)
    if name.startswith("xavier"):
        return kwargs.get("gain", 1.0) * math.sqrt(2.0 / (fan_in + fan_out))
    fan = fan_in if kwargs.get("mode", "fan_in") == "fan_in" else fan_out
    return init.calculate_gain(kwargs.get("nonlinearity", "leaky_relu"), kwargs.get("a", 0)) / math.sqrt(fan)


def call_text(name, x, **kwargs):
    args = "".join(f", {k}={v!r}" if not isinstance(v, float) else f", {k}={v:.4g}" for k, v in kwargs.items())
    return Text("{call} for w {w}", "w 为 {w} 时的 {call}").format(call=f"{name}(w{args})", w=describe(x))


def formula(name):
    return {
        "xavier_uniform_": "U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))",
        "xavier_normal_": "N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))",
        "kaiming_uniform_": "U(-bound, bound) with bound = gain * sqrt(3 / fan)",
        "kaiming_normal_": "N(0, std^2) with std = gain / sqrt(fan)",
    }[name]


def mistakes(name, shape, **kwargs):
    """Known mistakes as (message, factor by which they scale the correct std)."""
    fan_in, fan_out = fans(shape)
    receptive = math.prod(shape[2:])
    out = []
    if name.endswith("uniform_"):
        out.append((Text("a uniform U(-a, a) has std a / sqrt(3): did you use the std as the bound?",
                         "均匀分布 U(-a, a) 的标准差是 a / sqrt(3)：你是不是把标准差当成了边界？"), 1 / math.sqrt(3)))
    else:
        out.append((Text("did you use the uniform bound (sqrt(3) * std) as the std of the normal?",
                         "你是不是把均匀分布的边界（sqrt(3) * std）当成了正态分布的标准差？"), math.sqrt(3)))
    if receptive > 1:
        out.append((Text("fan_in and fan_out include the receptive field (the product of the kernel sizes): "
                         "for a conv weight (out, in, *kernel), fan_in = in * prod(kernel)",
                         "fan_in 和 fan_out 包含感受野（各卷积核尺寸之积）：对卷积权重 (out, in, *kernel)，"
                         "fan_in = in * prod(kernel)"), math.sqrt(receptive)))
    if name.startswith("xavier"):
        gain = kwargs.get("gain", 1.0)
        if gain != 1.0:
            out.append((Text("multiply by gain", "要乘以 gain"), 1 / gain))
        out.append((Text("Xavier uses 2 / (fan_in + fan_out), not 1 / fan_in", "Xavier 用的是 2 / (fan_in + fan_out)，而不是 1 / fan_in"),
                    math.sqrt((fan_in + fan_out) / (2 * fan_in))))
        out.append((Text("Xavier uses 2 / (fan_in + fan_out), not 1 / (fan_in + fan_out)",
                         "Xavier 用的是 2 / (fan_in + fan_out)，而不是 1 / (fan_in + fan_out)"), math.sqrt(0.5)))
    else:
        mode = kwargs.get("mode", "fan_in")
        if fan_in != fan_out:
            used, other = (fan_in, fan_out) if mode == "fan_in" else (fan_out, fan_in)
            out.append((Text(f"mode={mode!r} means fan = {mode}; you used the other fan", f"mode={mode!r} 表示 fan = {mode}；你用了另一个 fan"),
                        math.sqrt(used / other)))
        a, nonlinearity = kwargs.get("a", 0), kwargs.get("nonlinearity", "leaky_relu")
        right = init.calculate_gain(nonlinearity, a)
        if nonlinearity == "leaky_relu":
            out.append((Text("the gain depends on a: calculate_gain('leaky_relu', a)", "gain 取决于 a：calculate_gain('leaky_relu', a)"),
                        init.calculate_gain("leaky_relu") / right))
        out.append((Text(f"the gain for {nonlinearity!r} is missing (you used 1)", f"缺少 {nonlinearity!r} 的 gain（你用的是 1）"), 1 / right))
        out.append((Text("Kaiming std is gain / sqrt(fan), not gain * sqrt(2 / fan)", "Kaiming 的标准差是 gain / sqrt(fan)，而不是 gain * sqrt(2 / fan)"),
                    math.sqrt(2)))
    return [(message, factor) for message, factor in out if abs(factor - 1) > 0.04]


def _hint(ratio, hints):
    for message, factor in hints:
        if abs(ratio / factor - 1) < 0.03:
            return Text(" Hint: {message}.", "提示：{message}。").format(message=message)
    return ""  # no hint: nothing to add, in either language


def check_filled(values, x, what):
    if not isinstance(values, torch.Tensor):
        raise Mismatch(Text(f"{what} should return the tensor it filled; yours returned {describe(values)}",
                            f"{what} 应返回它填充的张量；你的返回了 {describe(values)}"))
    if values.shape != x.shape or values.dtype != x.dtype:
        raise Mismatch(Text(f"{what} should return a tensor of the same shape and dtype as w; yours is {describe(values)}",
                            f"{what} 应返回与 w 形状和 dtype 相同的张量；你的是 {describe(values)}"))
    unfilled = int((~torch.isfinite(values)).sum())
    if unfilled:
        raise Mismatch(Text(f"{what}: {unfilled} of {values.numel()} values are still NaN or inf: every entry must be filled",
                            f"{what}：{values.numel()} 个值中有 {unfilled} 个仍是 NaN 或 inf：每个元素都必须填充"))


def check_uniform(values, bound, alpha, what, name, hints=()):
    """Three checks at ``alpha / 3`` each: within the bound, reaching close to it, and a KS test."""
    x = values.detach().double().flatten()
    n = x.numel()
    eps = torch.finfo(values.dtype).eps
    peak = float(x.abs().max())
    ratio = peak / bound
    outside = int((x.abs() > bound * (1 + 4 * eps)).sum())
    if outside:
        raise Mismatch(Text(f"{what}: {outside} of {n} values lie outside [-bound, bound] for {formula(name)}; "
                            f"your values reach about {ratio:.3g}x the bound.{_hint(ratio, hints)}",
                            f"{what}：对 {formula(name)}，{n} 个值中有 {outside} 个落在 [-bound, bound] 之外；"
                            f"你的值达到边界的约 {ratio:.3g} 倍。{_hint(ratio, hints)}"))
    # P(max |x| < (1 - delta) * bound) = (1 - delta)^n for U(-bound, bound).
    delta = 1 - (alpha / 3) ** (1 / n)
    if peak < (1 - delta) * bound:
        raise Mismatch(Text(f"{what}: your values only reach about {ratio:.3g}x the bound of {formula(name)}: "
                            f"the range is too narrow.{_hint(ratio, hints)}",
                            f"{what}：你的值只达到 {formula(name)} 边界的约 {ratio:.3g} 倍：范围太窄。{_hint(ratio, hints)}"))
    p = stats.kstest(x.numpy(), stats.uniform(loc=-bound, scale=2 * bound).cdf).pvalue
    if p < alpha / 3:
        raise Mismatch(Text(f"{what}: the values lie within the bound but are not uniformly spread over it "
                            f"(Kolmogorov-Smirnov p = {p:.1e}); draw them from {formula(name)}",
                            f"{what}：值都在边界内，但在其中分布不均匀（Kolmogorov-Smirnov p = {p:.1e}）；"
                            f"请从 {formula(name)} 中抽取"))


def check_normal(values, std, alpha, what, name, hints=()):
    """Three checks at ``alpha / 3`` each: the variance (chi-square band), the mean (normal band), a KS test."""
    x = values.detach().double().flatten()
    n = x.numel()
    ratio = math.sqrt(float(x.pow(2).mean())) / std
    chi2 = float(x.pow(2).sum()) / std ** 2
    if not stats.chi2.ppf(alpha / 6, n) <= chi2 <= stats.chi2.isf(alpha / 6, n):
        raise Mismatch(Text(f"{what}: the spread is wrong: your values' standard deviation is about {ratio:.3g}x "
                            f"that of {formula(name)}.{_hint(ratio, hints)}",
                            f"{what}：离散程度不对：你的值的标准差约为 {formula(name)} 的 {ratio:.3g} 倍。{_hint(ratio, hints)}"))
    z = float(x.sum()) / (std * math.sqrt(n))
    if abs(z) > stats.norm.isf(alpha / 6):
        raise Mismatch(Text(f"{what}: the values are not centred at 0 (their mean is {z:.1f} standard errors away); "
                            f"draw them from {formula(name)}",
                            f"{what}：值不以 0 为中心（均值偏离 {z:.1f} 个标准误差）；请从 {formula(name)} 中抽取"))
    p = stats.kstest(x.numpy(), stats.norm(scale=std).cdf).pvalue
    if p < alpha / 3:
        raise Mismatch(Text(f"{what}: mean and variance are right but the values are not normally distributed "
                            f"(Kolmogorov-Smirnov p = {p:.1e}); draw them from {formula(name)}",
                            f"{what}：均值和方差都对，但值不服从正态分布（Kolmogorov-Smirnov p = {p:.1e}）；"
                            f"请从 {formula(name)} 中抽取"))


def check_distribution(student, credit, name, cases, alpha_per_case):
    for label, shape, dtype, kwargs in cases:
        with credit.case(label):
            x = nan_tensor(shape, dtype)
            what = call_text(name, x, **kwargs)
            values = student.run(name, x, **kwargs).value
            check_filled(values, x, what)
            std = torch_std(name, shape, **kwargs)
            hints = mistakes(name, shape, **kwargs)
            if name.endswith("uniform_"):
                check_uniform(values, math.sqrt(3) * std, alpha_per_case, what, name, hints)
            else:
                check_normal(values, std, alpha_per_case, what, name, hints)


# --------------------------------------------------------------------------- calculate_fan_in_and_fan_out


def fans_text(x):
    return Text("calculate_fan_in_and_fan_out(w) for w {w}", "w 为 {w} 时的 calculate_fan_in_and_fan_out(w)").format(w=describe(x))


def expect_fans(student, shape):
    x = torch.empty(shape)
    what = fans_text(x)
    got = student.calculate_fan_in_and_fan_out(x)
    if not isinstance(got, (tuple, list)) or len(got) != 2 or not all(type(v) is int for v in got):
        raise Mismatch(Text(f"{what} should return a tuple of two Python ints (fan_in, fan_out); yours returned {got!r:.80}",
                            f"{what} 应返回由两个 Python 整数组成的元组 (fan_in, fan_out)；你的返回了 {got!r:.80}"))
    want = init._calculate_fan_in_and_fan_out(x)
    if tuple(got) == want:
        return
    hint = ""
    if tuple(got) == want[::-1]:
        hint = Text(" Hint: fan_in comes from dim 1 (in), fan_out from dim 0 (out): you swapped them.",
                    "提示：fan_in 来自第 1 维（in），fan_out 来自第 0 维（out）：你把它们弄反了。")
    elif tuple(got) in ((shape[1], shape[0]), (shape[0], shape[1])):
        hint = Text(" Hint: multiply by the receptive field, the product of the kernel sizes shape[2:].",
                    "提示：要乘以感受野，即各卷积核尺寸之积 shape[2:]。")
    raise Mismatch(Text(f"{what}: yours returned {tuple(got)}, which is wrong.{hint}",
                            f"{what}：你的返回了 {tuple(got)}，这是错的。{hint}"))


@graded(2, "calculate_fan_in_and_fan_out", Text("fans of Linear weights (out, in): fan_in = in, fan_out = out", "Linear 权重 (out, in) 的 fan：fan_in = in，fan_out = out"))
@given(out_features=st.integers(1, 300), in_features=st.integers(1, 300))
def test_fans_linear(student, out_features, in_features):
    expect_fans(student, (out_features, in_features))


@graded(3, "calculate_fan_in_and_fan_out", Text("fans of conv weights (out, in, *kernel) for 1-d, 2-d and 3-d kernels", "一维、二维、三维卷积核的卷积权重 (out, in, *kernel) 的 fan"))
@given(out_channels=st.integers(1, 64), in_channels=st.integers(1, 64), kernel=st.lists(st.integers(1, 7), min_size=1, max_size=3))
def test_fans_conv(student, out_channels, in_channels, kernel):
    expect_fans(student, (out_channels, in_channels, *kernel))


@graded(1, "calculate_fan_in_and_fan_out", Text("fewer than 2 dimensions raises ValueError, as torch does", "少于 2 维时像 torch 一样引发 ValueError"))
def test_fans_errors(student, credit):
    for shape in ((5,), ()):
        x = torch.empty(shape)
        with credit.case(Text(f"shape {shape}", f"形状 {shape}")):
            expect_raises(student, "calculate_fan_in_and_fan_out", x, like=init._calculate_fan_in_and_fan_out,
                          what=fans_text(x))


TIMES = 5000  # one timed call is this many calls of a microsecond function, to rise far above the request overhead's jitter


@graded(1, "calculate_fan_in_and_fan_out", Text("calculate_fan_in_and_fan_out reads the shape only (within its time budget of torch)", "calculate_fan_in_and_fan_out 只读取形状（在相对 torch 的时间预算内）"))
def test_fans_speed(student):
    x = torch.empty(8, 8, 11, 11, 11)
    expect_fans(student, tuple(x.shape))
    expect_fast(student, "calculate_fan_in_and_fan_out", "calculate_fan_in_and_fan_out", x, scenario="call", times=TIMES,
                reference=lambda _, w, times: [init._calculate_fan_in_and_fan_out(w) for _ in range(times)], what=fans_text(x) + Text(" (do not loop over the elements)", "（不要遍历元素）"))


@graded(1, "calculate_fan_in_and_fan_out", Text("calculate_fan_in_and_fan_out on CUDA: right fans, no host sync", "CUDA 上的 calculate_fan_in_and_fan_out：fan 正确，无主机同步"))
@requires_cuda
def test_fans_gpu(student):
    x = torch.empty(16, 8, 3, 3, device="cuda")
    what = fans_text(x)
    run = student.run("calculate_fan_in_and_fan_out", x, sync_debug=True)
    expect_equal(tuple(run.value), init._calculate_fan_in_and_fan_out(x), what=what)
    if run.host_syncs:
        raise Mismatch(Text(f"{what} waited for the GPU ({run.host_syncs[0]}): the fans come from the shape alone",
                            f"{what} 等待了 GPU（{run.host_syncs[0]}）：fan 只由形状决定"))


# ---------------------------------------------------------------------------------------- calculate_gain


def expect_gain(student, nonlinearity, *param):
    what = f"calculate_gain({', '.join(repr(v) for v in (nonlinearity, *param))})"
    got = student.calculate_gain(nonlinearity, *param)
    if type(got) not in (int, float):
        raise Mismatch(Text(f"{what} should return a Python number (int or float); yours returned {describe(got)}",
                            f"{what} 应返回一个 Python 数（int 或 float）；你的返回了 {describe(got)}"))
    want = init.calculate_gain(nonlinearity, *param)
    if not math.isclose(got, want, rel_tol=1e-6):
        raise Mismatch(Text(f"{what}: yours returned {got:.6g}, which is wrong",
                            f"{what}：你的返回了 {got:.6g}，这是错的"))


@graded(2, "calculate_gain", Text("gain 1 for linear and every conv / conv_transpose layer", "linear 以及所有 conv / conv_transpose 层的 gain 为 1"))
def test_gain_linear_family(student, credit):
    for name in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"):
        with credit.case(Text(name, name)):  # a nonlinearity's name: one form for both
            expect_gain(student, name)


@graded(2, "calculate_gain", Text("gains of sigmoid, tanh, relu and selu", "sigmoid、tanh、relu 和 selu 的 gain"))
def test_gain_nonlinearities(student, credit):
    for name in ("sigmoid", "tanh", "relu", "selu"):
        with credit.case(Text(name, name)):  # a nonlinearity's name: one form for both
            expect_gain(student, name)


@graded(2, "calculate_gain", Text("leaky_relu: default slope 0.01, a given float or int slope; param ignored elsewhere", "leaky_relu：默认斜率 0.01、给定的浮点或整数斜率；其他情况忽略 param"))
def test_gain_leaky_relu(student, credit):
    cases = [("leaky_relu",), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", SQRT5), ("leaky_relu", 0),
             ("leaky_relu", 3), ("leaky_relu", -0.5), ("relu", 0.3), ("tanh", 0.3)]
    for case in cases:
        with credit.case(Text(f"calculate_gain{case!r}", f"calculate_gain{case!r}")):
            expect_gain(student, *case)


@graded(2, "calculate_gain", Text("unknown nonlinearities and non-number slopes raise ValueError, as torch does", "未知的非线性和非数值斜率像 torch 一样引发 ValueError"))
def test_gain_errors(student, credit):
    cases = [("gelu",), ("softmax",), ("Relu",), ("leaky_relu", True), ("leaky_relu", "0.1"), ("leaky_relu", [0.1])]
    for case in cases:
        with credit.case(Text(f"calculate_gain{case!r}", f"calculate_gain{case!r}")):
            expect_raises(student, "calculate_gain", *case, like=init.calculate_gain,
                          what=Text(f"calculate_gain{case!r}", f"calculate_gain{case!r}"))


# ------------------------------------------------------------------------ the four init functions


def _distribution(name, cases):
    def check(student, credit):
        check_distribution(student, credit, name, cases, RATE / len(cases))
    check.__doc__ = f"False-failure rate <= {RATE:g}: {len(cases)} cases x 3 checks, each at {RATE:g} / {3 * len(cases)}."
    return check


XAVIER_LAYOUTS = [
    ("Linear weight (128, 64)", (128, 64), torch.float32, {}),
    ("Linear weight (40, 100), float64", (40, 100), torch.float64, {}),
    ("conv1d weight (32, 16, 5)", (32, 16, 5), torch.float32, {}),
    ("conv2d weight (64, 32, 3, 3)", (64, 32, 3, 3), torch.float32, {}),
    ("conv3d weight (16, 8, 3, 3, 3)", (16, 8, 3, 3, 3), torch.float64, {}),
]
XAVIER_GAINS = [
    ("gain = 5/3 (tanh), (96, 48)", (96, 48), torch.float32, {"gain": 5.0 / 3}),
    ("gain = sqrt(2) (relu), (32, 16, 3, 3)", (32, 16, 3, 3), torch.float32, {"gain": math.sqrt(2.0)}),
    ("gain = 0.25, (200, 50)", (200, 50), torch.float64, {"gain": 0.25}),
]
XAVIER_NON_SQUARE = [
    ("Linear weight (32, 256)", (32, 256), torch.float32, {}),
    ("Linear weight (300, 20)", (300, 20), torch.float64, {}),
    ("conv2d weight (8, 64, 3, 3)", (8, 64, 3, 3), torch.float32, {}),
]
KAIMING_LAYOUTS = [
    ("Linear weight (128, 128), defaults", (128, 128), torch.float32, {}),
    ("Linear weight (64, 160), defaults, float64", (64, 160), torch.float64, {}),
    ("conv1d weight (32, 16, 5), defaults", (32, 16, 5), torch.float32, {}),
    ("conv2d weight (64, 32, 3, 3), relu", (64, 32, 3, 3), torch.float32, {"nonlinearity": "relu"}),
    ("conv3d weight (16, 8, 3, 3, 3), relu", (16, 8, 3, 3, 3), torch.float64, {"nonlinearity": "relu"}),
]
KAIMING_GAINS = [
    ("a = sqrt(5) as nn.Linear uses, (96, 96)", (96, 96), torch.float32, {"a": SQRT5}),
    ("a = 0.5, (128, 64)", (128, 64), torch.float32, {"a": 0.5}),
    ("nonlinearity='tanh', (64, 64)", (64, 64), torch.float64, {"nonlinearity": "tanh"}),
    ("nonlinearity='linear', (100, 80)", (100, 80), torch.float32, {"nonlinearity": "linear"}),
]
KAIMING_FAN_OUT = [
    ("mode='fan_out', Linear (64, 256)", (64, 256), torch.float32, {"mode": "fan_out"}),
    ("mode='fan_out', relu, conv2d (16, 64, 3, 3)", (16, 64, 3, 3), torch.float32, {"mode": "fan_out", "nonlinearity": "relu"}),
    ("mode='fan_in', Linear (256, 32)", (256, 32), torch.float64, {"mode": "fan_in"}),
]

test_xavier_uniform_layouts = graded(2, "xavier_uniform_", Text("xavier_uniform_ on Linear and conv weights: within ±a, reaching a, uniform (KS)", "Linear 和卷积权重上的 xavier_uniform_：在 ±a 之内、能达到 a、均匀（KS 检验）"))(
    _distribution("xavier_uniform_", XAVIER_LAYOUTS))
test_xavier_normal_layouts = graded(2, "xavier_normal_", Text("xavier_normal_ on Linear and conv weights: mean 0, variance, normal (KS)", "Linear 和卷积权重上的 xavier_normal_：均值 0、方差、正态（KS 检验）"))(
    _distribution("xavier_normal_", XAVIER_LAYOUTS))
test_kaiming_uniform_layouts = graded(2, "kaiming_uniform_", Text("kaiming_uniform_ on Linear and conv weights: within ±bound, reaching it, uniform (KS)", "Linear 和卷积权重上的 kaiming_uniform_：在 ±bound 之内、能达到它、均匀（KS 检验）"))(
    _distribution("kaiming_uniform_", KAIMING_LAYOUTS))
test_kaiming_normal_layouts = graded(2, "kaiming_normal_", Text("kaiming_normal_ on Linear and conv weights: mean 0, variance, normal (KS)", "Linear 和卷积权重上的 kaiming_normal_：均值 0、方差、正态（KS 检验）"))(
    _distribution("kaiming_normal_", KAIMING_LAYOUTS))

test_xavier_uniform_gain = graded(1, "xavier_uniform_", Text("xavier_uniform_ scales the bound by gain", "xavier_uniform_ 按 gain 缩放边界"))(
    _distribution("xavier_uniform_", XAVIER_GAINS))
test_xavier_normal_gain = graded(1, "xavier_normal_", Text("xavier_normal_ scales the std by gain", "xavier_normal_ 按 gain 缩放标准差"))(
    _distribution("xavier_normal_", XAVIER_GAINS))
test_kaiming_uniform_gain = graded(1, "kaiming_uniform_", Text("kaiming_uniform_ takes its gain from nonlinearity and a", "kaiming_uniform_ 由 nonlinearity 和 a 得到 gain"))(
    _distribution("kaiming_uniform_", KAIMING_GAINS))
test_kaiming_normal_gain = graded(1, "kaiming_normal_", Text("kaiming_normal_ takes its gain from nonlinearity and a", "kaiming_normal_ 由 nonlinearity 和 a 得到 gain"))(
    _distribution("kaiming_normal_", KAIMING_GAINS))
test_xavier_uniform_non_square = graded(1, "xavier_uniform_", Text("xavier_uniform_ on non-square weights uses fan_in + fan_out", "非方阵权重上的 xavier_uniform_ 使用 fan_in + fan_out"))(
    _distribution("xavier_uniform_", XAVIER_NON_SQUARE))
test_xavier_normal_non_square = graded(1, "xavier_normal_", Text("xavier_normal_ on non-square weights uses fan_in + fan_out", "非方阵权重上的 xavier_normal_ 使用 fan_in + fan_out"))(
    _distribution("xavier_normal_", XAVIER_NON_SQUARE))
test_kaiming_uniform_mode = graded(1, "kaiming_uniform_", Text("kaiming_uniform_ with mode='fan_out' / 'fan_in' on non-square weights", "非方阵权重上 mode='fan_out' / 'fan_in' 的 kaiming_uniform_"))(
    _distribution("kaiming_uniform_", KAIMING_FAN_OUT))
test_kaiming_normal_mode = graded(1, "kaiming_normal_", Text("kaiming_normal_ with mode='fan_out' / 'fan_in' on non-square weights", "非方阵权重上 mode='fan_out' / 'fan_in' 的 kaiming_normal_"))(
    _distribution("kaiming_normal_", KAIMING_FAN_OUT))


# ----------------------------------------------------------------- in place, same tensor, no history


def _in_place(name):
    def check(student, credit):
        for kind in ("tensor", "parameter", "requires_grad"):
            for dtype in ("float32", "float64"):
                shape = (24, 12, 3) if dtype == "float64" else (32, 20)
                holder = 'nn.Parameter' if kind == 'parameter' else 'tensor'
                grad = " requires_grad=True" if kind == "requires_grad" else ""
                what = Text(f"{name}(w) for w a {dtype} {holder} of shape {shape}" + (" with" + grad if grad else ""),
                            f"w 为形状 {shape} 的 {dtype} {holder}{grad} 时的 {name}(w)")
                with credit.case(Text(f"{kind}, {dtype}", f"{kind}，{dtype}")):
                    try:
                        report = student.scenario("fill", name, shape, dtype=dtype, kind=kind)
                    except StudentRaised as exc:
                        if exc.not_implemented or kind == "tensor":
                            raise
                        raise Mismatch(Text(f"{what} raised {exc.type_name}: {exc.message[:150]}. An in-place fill of a tensor that "
                                            "requires grad must happen under torch.no_grad()",
                                            f"{what} 引发了 {exc.type_name}：{exc.message[:150]}。对需要梯度的张量做原地填充"
                                            "必须在 torch.no_grad() 下进行")) from None
                    if not report["returned_tensor"]:
                        raise Mismatch(Text(f"{what} should return w itself; yours returned something that is not a tensor",
                                            f"{what} 应返回 w 本身；你的返回了一个不是张量的东西"))
                    if not torch.isfinite(report["values"]).all():
                        raise Mismatch(Text(f"{what} did not fill w in place (w still holds NaN afterwards): write into w itself, "
                                            "e.g. with w.uniform_(...) / w.normal_(...), instead of making a new tensor",
                                            f"{what} 没有原地填充 w（之后 w 仍是 NaN）：直接写入 w 本身，"
                                            "例如用 w.uniform_(...) / w.normal_(...)，而不是新建一个张量"))
                    if not report["same_object"]:
                        raise Mismatch(Text(f"{what} returned a different object than w: return the tensor you were given",
                                            f"{what} 返回了一个不同于 w 的对象：请返回传给你的那个张量"))
                    if not report["same_storage"]:
                        raise Mismatch(Text(f"{what} replaced w's storage: fill its existing memory in place",
                                            f"{what} 替换了 w 的存储：请原地填充它已有的内存"))
                    if not report["grad_fn_none"]:
                        raise Mismatch(Text(f"{what}: the result has autograd history (grad_fn is not None); fill under torch.no_grad()",
                                            f"{what}：结果带有自动微分历史（grad_fn 不是 None）；请在 torch.no_grad() 下填充"))
                    if not report["requires_grad_kept"]:
                        raise Mismatch(Text(f"{what} changed w.requires_grad: leave it as it was",
                                            f"{what} 改变了 w.requires_grad：请保持原样"))
    return check


for _name in ("xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_"):
    globals()[f"test_{_name}in_place"] = graded(
        1, _name, Text(f"{_name} fills w in place and returns w itself, without autograd history (also on an nn.Parameter)",
                       f"{_name} 原地填充 w 并返回 w 本身，不带自动微分历史（nn.Parameter 上也是）"))(_in_place(_name))


# ------------------------------------------------------------------------------------------ errors


@graded(1, "xavier_uniform_", Text("xavier_uniform_ raises ValueError for fewer than 2 dimensions, as torch does", "少于 2 维时 xavier_uniform_ 像 torch 一样引发 ValueError"))
def test_xavier_uniform_errors(student, credit):
    _errors(student, credit, "xavier_uniform_", [((5,), {}), ((), {})])


@graded(1, "xavier_normal_", Text("xavier_normal_ raises ValueError for fewer than 2 dimensions, as torch does", "少于 2 维时 xavier_normal_ 像 torch 一样引发 ValueError"))
def test_xavier_normal_errors(student, credit):
    _errors(student, credit, "xavier_normal_", [((5,), {}), ((), {})])


@graded(1, "kaiming_uniform_", Text("kaiming_uniform_ raises ValueError for fewer than 2 dimensions or an unknown mode", "少于 2 维或 mode 未知时 kaiming_uniform_ 引发 ValueError"))
def test_kaiming_uniform_errors(student, credit):
    _errors(student, credit, "kaiming_uniform_", [((5,), {}), ((4, 3), {"mode": "fan_avg"}), ((4, 3), {"nonlinearity": "gelu"})])


@graded(1, "kaiming_normal_", Text("kaiming_normal_ raises ValueError for fewer than 2 dimensions or an unknown mode", "少于 2 维或 mode 未知时 kaiming_normal_ 引发 ValueError"))
def test_kaiming_normal_errors(student, credit):
    _errors(student, credit, "kaiming_normal_", [((5,), {}), ((4, 3), {"mode": "fan_avg"}), ((4, 3), {"nonlinearity": "gelu"})])


def _errors(student, credit, name, cases):
    for shape, kwargs in cases:
        x = torch.empty(shape)
        what = call_text(name, x, **kwargs)
        with credit.case(what):
            expect_raises(student, name, x, like=getattr(init, name), what=what, **kwargs)


# ------------------------------------------------------------------- the course's point: deep nets

DEPTH, WIDTH, BATCH = 50, 256, 128
DEEP_NETWORK_TIMEOUT = 3.0  # seconds for the whole network
NETWORKS = {
    # name: (activation, kwargs, band for the final mean square, naive init in the judge)
    "xavier_uniform_": ("tanh", {"gain": 5.0 / 3}, (0.2, 0.8), ("N(0, 0.01^2)", 0.01)),
    "xavier_normal_": ("tanh", {"gain": 5.0 / 3}, (0.2, 0.8), ("N(0, 0.01^2)", 0.01)),
    "kaiming_uniform_": ("relu", {"nonlinearity": "relu"}, (1e-4, 1e4), ("N(0, 1)", 1.0)),
    "kaiming_normal_": ("relu", {"nonlinearity": "relu"}, (1e-4, 1e4), ("N(0, 1)", 1.0)),
}


def network_input():
    x = torch.randn(BATCH, WIDTH, generator=torch.Generator().manual_seed(7))
    return x / x.pow(2).mean(dim=1, keepdim=True).sqrt()  # every row has mean square 1


def naive_network_final(name):
    """The final mean square of the deep network with naive Gaussian weights: outside the band."""
    activation, _, _, (_, naive_std) = NETWORKS[name]
    naive = types.SimpleNamespace(naive=lambda w: w.normal_(0.0, naive_std))
    return scenarios.deep_network(naive, "naive", network_input(), depth=DEPTH, activation=activation)[-1]


def _deep(name):
    activation, kwargs, (low, high), (naive_label, naive_std) = NETWORKS[name]

    def check(student):
        x = network_input()
        # 50 inits and products take torch about 50 ms: 3 s is 60 times that. A Python-loop init would run to
        # the topic's 10 s call timeout here (a timeout either way), costing the class's grading 10 s a file.
        ours = student.scenario("deep_network", name, x, depth=DEPTH, activation=activation, timeout=DEEP_NETWORK_TIMEOUT, **kwargs)
        final = ours[-1] if isinstance(ours, list) and ours else float("nan")
        if not (math.isfinite(final) and low <= final <= high):
            # The naive network, for the message, only on a failure: it costs the judge 50 layers of work,
            # every grading. (That naive init always leaves the band is tests/test_topic_checks.py's job.)
            naive_final = naive_network_final(name)
            if low <= naive_final <= high:
                raise RuntimeError(f"grader error: naive {naive_label} init stayed in the band ({naive_final})")
            args = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v!r}" for k, v in kwargs.items())
            collapses = not naive_final > high
            raise Mismatch(Text(
                f"a {DEPTH}-layer {activation} network (width {WIDTH}, inputs of mean square 1) with every weight filled by "
                f"your {name}(W, {args}): after the last layer the activations' mean square is {final:.3g}; with a correct "
                f"init it stays between {low:g} and {high:g}. (With naive {naive_label} weights it is {naive_final:.3g}: "
                f"the signal {'collapses' if collapses else 'explodes'}.) Check the variance of your weights.",
                f"一个 {DEPTH} 层的 {activation} 网络（宽度 {WIDTH}，输入的均方为 1），每个权重都用你的 {name}(W, {args}) 填充："
                f"最后一层之后激活值的均方为 {final:.3g}；初始化正确时它保持在 {low:g} 和 {high:g} 之间。"
                f"（用朴素的 {naive_label} 权重时为 {naive_final:.3g}：信号{'消失' if collapses else '爆炸'}。）请检查你的权重的方差。"))

    check.__doc__ = (
        "False-failure rate <= 1e-6. ReLU + Kaiming: for Gaussian weights, the mean square of one input row is a product of "
        "50 independent (2/256) chi^2_K factors, K ~ Binomial(256, 1/2); a Chernoff bound computed with scipy gives "
        "P(outside [1e-4, 1e4]) < 1e-14 per row, < 1e-11 for the 128 rows by a union bound (uniform weights, being "
        "sub-Gaussian with the same variance, concentrate at least as well in simulation). Tanh + Xavier (gain 5/3): the "
        "mean square settles at a fixed point near 0.42 with a run-to-run standard deviation of about 0.004 in "
        "simulation; the band [0.2, 0.8] lies more than 40 standard deviations away.")
    return check


for _name in NETWORKS:
    _activation = NETWORKS[_name][0]
    globals()[f"test_{_name}deep_network"] = graded(
        1, _name, Text(f"{_name} keeps the activations' scale through a {DEPTH}-layer {_activation} network (naive init does not)",
                       f"{_name} 在 {DEPTH} 层的 {_activation} 网络中保持激活值的尺度（朴素初始化做不到）"))(_deep(_name))


# ---------------------------------------------------------------------------------------- speed


def _speed(name):
    def check(student):
        """Speed earns its point only for a right distribution: false-failure rate <= 1e-6 (3 checks at 1e-6 / 3)."""
        x = torch.empty(256, 256)
        # One timed call fills a (256, 256) weight 40 times (about 10 ms for torch), far above the request overhead's jitter.
        # Timed first: a Python loop is cut off within a second, where the traced check below would take one per call.
        reference = getattr(init, name)
        expect_fast(student, name, name, x, scenario="call", times=40,
                    reference=lambda _, w, times: [reference(w) for _ in range(times)], what=call_text(name, x) + Text(", 40 times", "，40 次"))
        values = student.run(name, nan_tensor(x.shape)).value
        check_filled(values, x, call_text(name, x))
        std = torch_std(name, tuple(x.shape))
        if name.endswith("uniform_"):
            check_uniform(values, math.sqrt(3) * std, RATE, call_text(name, x), name)
        else:
            check_normal(values, std, RATE, call_text(name, x), name)
    return check


for _name in NETWORKS:
    globals()[f"test_{_name}speed"] = graded(
        1, _name, Text(f"{_name} is vectorised (within its time budget of torch.nn.init.{_name})",
                       f"{_name} 已向量化（在相对 torch.nn.init.{_name} 的时间预算内）"))(_speed(_name))


# ------------------------------------------------------------------------------------------ GPU


def _gpu(name):
    @requires_cuda
    def check(student, credit):
        """False-failure rate <= 1e-6: 2 cases x 3 checks, each at 1e-6 / 6."""
        for dtype in (torch.float32, torch.float64):
            x = torch.full((256, 128), float("nan"), dtype=dtype, device="cuda")
            what = call_text(name, x)
            with credit.case(Text(str(dtype), str(dtype))):
                run = student.run(name, x, sync_debug=True)
                value = run.value
                if not isinstance(value, torch.Tensor) or value.device.type != "cuda":
                    raise Mismatch(Text(f"{what} should return w, on the GPU; yours returned {describe(value)}",
                            f"{what} 应返回 GPU 上的 w；你的返回了 {describe(value)}"))
                check_filled(value.cpu(), x.cpu(), what)
                std = torch_std(name, tuple(x.shape))
                if name.endswith("uniform_"):
                    check_uniform(value.cpu(), math.sqrt(3) * std, RATE / 2, what, name)
                else:
                    check_normal(value.cpu(), std, RATE / 2, what, name)
                if run.host_syncs:
                    raise Mismatch(Text(f"{what} waited for the GPU ({run.host_syncs[0]}): avoid .item(), .cpu() and "
                                        "Python `if` on tensor values",
                                        f"{what} 等待了 GPU（{run.host_syncs[0]}）：避免 .item()、.cpu() 以及对张量值的 Python `if`"))
    return check


for _name in NETWORKS:
    globals()[f"test_{_name}gpu"] = graded(
        1, _name, Text(f"{_name} on CUDA: fills w on the GPU with the right distribution, no host sync",
                       f"CUDA 上的 {_name}：在 GPU 上以正确的分布填充 w，无主机同步"))(_gpu(_name))

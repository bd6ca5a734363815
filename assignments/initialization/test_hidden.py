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
    return f"{name}(w{args}) for w {describe(x)}"


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
        out.append(("a uniform U(-a, a) has std a / sqrt(3): did you use the std as the bound?", 1 / math.sqrt(3)))
    else:
        out.append(("did you use the uniform bound (sqrt(3) * std) as the std of the normal?", math.sqrt(3)))
    if receptive > 1:
        out.append(("fan_in and fan_out include the receptive field (the product of the kernel sizes): "
                    "for a conv weight (out, in, *kernel), fan_in = in * prod(kernel)", math.sqrt(receptive)))
    if name.startswith("xavier"):
        gain = kwargs.get("gain", 1.0)
        if gain != 1.0:
            out.append(("multiply by gain", 1 / gain))
        out.append(("Xavier uses 2 / (fan_in + fan_out), not 1 / fan_in", math.sqrt((fan_in + fan_out) / (2 * fan_in))))
        out.append(("Xavier uses 2 / (fan_in + fan_out), not 1 / (fan_in + fan_out)", math.sqrt(0.5)))
    else:
        mode = kwargs.get("mode", "fan_in")
        if fan_in != fan_out:
            used, other = (fan_in, fan_out) if mode == "fan_in" else (fan_out, fan_in)
            out.append((f"mode={mode!r} means fan = {mode}; you used the other fan", math.sqrt(used / other)))
        a, nonlinearity = kwargs.get("a", 0), kwargs.get("nonlinearity", "leaky_relu")
        right = init.calculate_gain(nonlinearity, a)
        if nonlinearity == "leaky_relu":
            out.append(("the gain depends on a: calculate_gain('leaky_relu', a)", init.calculate_gain("leaky_relu") / right))
        out.append((f"the gain for {nonlinearity!r} is missing (you used 1)", 1 / right))
        out.append(("Kaiming std is gain / sqrt(fan), not gain * sqrt(2 / fan)", math.sqrt(2)))
    return [(message, factor) for message, factor in out if abs(factor - 1) > 0.04]


def _hint(ratio, hints):
    for message, factor in hints:
        if abs(ratio / factor - 1) < 0.03:
            return f" Hint: {message}."
    return ""


def check_filled(values, x, what):
    if not isinstance(values, torch.Tensor):
        raise Mismatch(f"{what} should return the tensor it filled; yours returned {describe(values)}")
    if values.shape != x.shape or values.dtype != x.dtype:
        raise Mismatch(f"{what} should return a tensor of the same shape and dtype as w; yours is {describe(values)}")
    unfilled = int((~torch.isfinite(values)).sum())
    if unfilled:
        raise Mismatch(f"{what}: {unfilled} of {values.numel()} values are still NaN or inf: every entry must be filled")


def check_uniform(values, bound, alpha, what, name, hints=()):
    """Three checks at ``alpha / 3`` each: within the bound, reaching close to it, and a KS test."""
    x = values.detach().double().flatten()
    n = x.numel()
    eps = torch.finfo(values.dtype).eps
    peak = float(x.abs().max())
    ratio = peak / bound
    outside = int((x.abs() > bound * (1 + 4 * eps)).sum())
    if outside:
        raise Mismatch(f"{what}: {outside} of {n} values lie outside [-bound, bound] for {formula(name)}; "
                       f"your values reach about {ratio:.3g}x the bound.{_hint(ratio, hints)}")
    # P(max |x| < (1 - delta) * bound) = (1 - delta)^n for U(-bound, bound).
    delta = 1 - (alpha / 3) ** (1 / n)
    if peak < (1 - delta) * bound:
        raise Mismatch(f"{what}: your values only reach about {ratio:.3g}x the bound of {formula(name)}: "
                       f"the range is too narrow.{_hint(ratio, hints)}")
    p = stats.kstest(x.numpy(), stats.uniform(loc=-bound, scale=2 * bound).cdf).pvalue
    if p < alpha / 3:
        raise Mismatch(f"{what}: the values lie within the bound but are not uniformly spread over it "
                       f"(Kolmogorov-Smirnov p = {p:.1e}); draw them from {formula(name)}")


def check_normal(values, std, alpha, what, name, hints=()):
    """Three checks at ``alpha / 3`` each: the variance (chi-square band), the mean (normal band), a KS test."""
    x = values.detach().double().flatten()
    n = x.numel()
    ratio = math.sqrt(float(x.pow(2).mean())) / std
    chi2 = float(x.pow(2).sum()) / std ** 2
    if not stats.chi2.ppf(alpha / 6, n) <= chi2 <= stats.chi2.isf(alpha / 6, n):
        raise Mismatch(f"{what}: the spread is wrong: your values' standard deviation is about {ratio:.3g}x "
                       f"that of {formula(name)}.{_hint(ratio, hints)}")
    z = float(x.sum()) / (std * math.sqrt(n))
    if abs(z) > stats.norm.isf(alpha / 6):
        raise Mismatch(f"{what}: the values are not centred at 0 (their mean is {z:.1f} standard errors away); "
                       f"draw them from {formula(name)}")
    p = stats.kstest(x.numpy(), stats.norm(scale=std).cdf).pvalue
    if p < alpha / 3:
        raise Mismatch(f"{what}: mean and variance are right but the values are not normally distributed "
                       f"(Kolmogorov-Smirnov p = {p:.1e}); draw them from {formula(name)}")


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


def expect_fans(student, shape):
    x = torch.empty(shape)
    what = f"calculate_fan_in_and_fan_out(w) for w {describe(x)}"
    got = student.calculate_fan_in_and_fan_out(x)
    if not isinstance(got, (tuple, list)) or len(got) != 2 or not all(type(v) is int for v in got):
        raise Mismatch(f"{what} should return a tuple of two Python ints (fan_in, fan_out); yours returned {got!r:.80}")
    want = init._calculate_fan_in_and_fan_out(x)
    if tuple(got) == want:
        return
    hint = ""
    if tuple(got) == want[::-1]:
        hint = " Hint: fan_in comes from dim 1 (in), fan_out from dim 0 (out): you swapped them."
    elif tuple(got) in ((shape[1], shape[0]), (shape[0], shape[1])):
        hint = " Hint: multiply by the receptive field, the product of the kernel sizes shape[2:]."
    raise Mismatch(f"{what}: yours returned {tuple(got)}, which is wrong.{hint}")


@graded(2, "calculate_fan_in_and_fan_out", "fans of Linear weights (out, in): fan_in = in, fan_out = out")
@given(out_features=st.integers(1, 300), in_features=st.integers(1, 300))
def test_fans_linear(student, out_features, in_features):
    expect_fans(student, (out_features, in_features))


@graded(3, "calculate_fan_in_and_fan_out", "fans of conv weights (out, in, *kernel) for 1-d, 2-d and 3-d kernels")
@given(out_channels=st.integers(1, 64), in_channels=st.integers(1, 64), kernel=st.lists(st.integers(1, 7), min_size=1, max_size=3))
def test_fans_conv(student, out_channels, in_channels, kernel):
    expect_fans(student, (out_channels, in_channels, *kernel))


@graded(1, "calculate_fan_in_and_fan_out", "fewer than 2 dimensions raises ValueError, as torch does")
def test_fans_errors(student, credit):
    for shape in ((5,), ()):
        x = torch.empty(shape)
        with credit.case(f"shape {shape}"):
            expect_raises(student, "calculate_fan_in_and_fan_out", x, like=init._calculate_fan_in_and_fan_out,
                          what=f"calculate_fan_in_and_fan_out(w) for w {describe(x)}")


TIMES = 5000  # one timed call is this many calls of a microsecond function, to rise far above the request overhead's jitter


@graded(1, "calculate_fan_in_and_fan_out", "calculate_fan_in_and_fan_out reads the shape only (within its time budget of torch)")
def test_fans_speed(student):
    x = torch.empty(8, 8, 11, 11, 11)
    expect_fans(student, tuple(x.shape))
    expect_fast(student, "calculate_fan_in_and_fan_out", "calculate_fan_in_and_fan_out", x, scenario="call", times=TIMES,
                reference=lambda _, w, times: [init._calculate_fan_in_and_fan_out(w) for _ in range(times)], what=f"calculate_fan_in_and_fan_out(w) for w {describe(x)} (do not loop over the elements)")


@graded(1, "calculate_fan_in_and_fan_out", "calculate_fan_in_and_fan_out on CUDA: right fans, no host sync")
@requires_cuda
def test_fans_gpu(student):
    x = torch.empty(16, 8, 3, 3, device="cuda")
    what = f"calculate_fan_in_and_fan_out(w) for w {describe(x)}"
    run = student.run("calculate_fan_in_and_fan_out", x, sync_debug=True)
    expect_equal(tuple(run.value), init._calculate_fan_in_and_fan_out(x), what=what)
    if run.host_syncs:
        raise Mismatch(f"{what} waited for the GPU ({run.host_syncs[0]}): the fans come from the shape alone")


# ---------------------------------------------------------------------------------------- calculate_gain


def expect_gain(student, nonlinearity, *param):
    what = f"calculate_gain({', '.join(repr(v) for v in (nonlinearity, *param))})"
    got = student.calculate_gain(nonlinearity, *param)
    if type(got) not in (int, float):
        raise Mismatch(f"{what} should return a Python number (int or float); yours returned {describe(got)}")
    want = init.calculate_gain(nonlinearity, *param)
    if not math.isclose(got, want, rel_tol=1e-6):
        raise Mismatch(f"{what}: yours returned {got:.6g}, which is wrong")


@graded(2, "calculate_gain", "gain 1 for linear and every conv / conv_transpose layer")
def test_gain_linear_family(student, credit):
    for name in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"):
        with credit.case(name):
            expect_gain(student, name)


@graded(2, "calculate_gain", "gains of sigmoid, tanh, relu and selu")
def test_gain_nonlinearities(student, credit):
    for name in ("sigmoid", "tanh", "relu", "selu"):
        with credit.case(name):
            expect_gain(student, name)


@graded(2, "calculate_gain", "leaky_relu: default slope 0.01, a given float or int slope; param ignored elsewhere")
def test_gain_leaky_relu(student, credit):
    cases = [("leaky_relu",), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", SQRT5), ("leaky_relu", 0),
             ("leaky_relu", 3), ("leaky_relu", -0.5), ("relu", 0.3), ("tanh", 0.3)]
    for case in cases:
        with credit.case(f"calculate_gain{case!r}"):
            expect_gain(student, *case)


@graded(2, "calculate_gain", "unknown nonlinearities and non-number slopes raise ValueError, as torch does")
def test_gain_errors(student, credit):
    cases = [("gelu",), ("softmax",), ("Relu",), ("leaky_relu", True), ("leaky_relu", "0.1"), ("leaky_relu", [0.1])]
    for case in cases:
        with credit.case(f"calculate_gain{case!r}"):
            expect_raises(student, "calculate_gain", *case, like=init.calculate_gain,
                          what=f"calculate_gain{case!r}")


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

test_xavier_uniform_layouts = graded(2, "xavier_uniform_", "xavier_uniform_ on Linear and conv weights: within ±a, reaching a, uniform (KS)")(
    _distribution("xavier_uniform_", XAVIER_LAYOUTS))
test_xavier_normal_layouts = graded(2, "xavier_normal_", "xavier_normal_ on Linear and conv weights: mean 0, variance, normal (KS)")(
    _distribution("xavier_normal_", XAVIER_LAYOUTS))
test_kaiming_uniform_layouts = graded(2, "kaiming_uniform_", "kaiming_uniform_ on Linear and conv weights: within ±bound, reaching it, uniform (KS)")(
    _distribution("kaiming_uniform_", KAIMING_LAYOUTS))
test_kaiming_normal_layouts = graded(2, "kaiming_normal_", "kaiming_normal_ on Linear and conv weights: mean 0, variance, normal (KS)")(
    _distribution("kaiming_normal_", KAIMING_LAYOUTS))

test_xavier_uniform_gain = graded(1, "xavier_uniform_", "xavier_uniform_ scales the bound by gain")(
    _distribution("xavier_uniform_", XAVIER_GAINS))
test_xavier_normal_gain = graded(1, "xavier_normal_", "xavier_normal_ scales the std by gain")(
    _distribution("xavier_normal_", XAVIER_GAINS))
test_kaiming_uniform_gain = graded(1, "kaiming_uniform_", "kaiming_uniform_ takes its gain from nonlinearity and a")(
    _distribution("kaiming_uniform_", KAIMING_GAINS))
test_kaiming_normal_gain = graded(1, "kaiming_normal_", "kaiming_normal_ takes its gain from nonlinearity and a")(
    _distribution("kaiming_normal_", KAIMING_GAINS))
test_xavier_uniform_non_square = graded(1, "xavier_uniform_", "xavier_uniform_ on non-square weights uses fan_in + fan_out")(
    _distribution("xavier_uniform_", XAVIER_NON_SQUARE))
test_xavier_normal_non_square = graded(1, "xavier_normal_", "xavier_normal_ on non-square weights uses fan_in + fan_out")(
    _distribution("xavier_normal_", XAVIER_NON_SQUARE))
test_kaiming_uniform_mode = graded(1, "kaiming_uniform_", "kaiming_uniform_ with mode='fan_out' / 'fan_in' on non-square weights")(
    _distribution("kaiming_uniform_", KAIMING_FAN_OUT))
test_kaiming_normal_mode = graded(1, "kaiming_normal_", "kaiming_normal_ with mode='fan_out' / 'fan_in' on non-square weights")(
    _distribution("kaiming_normal_", KAIMING_FAN_OUT))


# ----------------------------------------------------------------- in place, same tensor, no history


def _in_place(name):
    def check(student, credit):
        for kind in ("tensor", "parameter", "requires_grad"):
            for dtype in ("float32", "float64"):
                shape = (24, 12, 3) if dtype == "float64" else (32, 20)
                what = f"{name}(w) for w a {dtype} {'nn.Parameter' if kind == 'parameter' else 'tensor'} of shape {shape}" + (
                    " with requires_grad=True" if kind == "requires_grad" else "")
                with credit.case(f"{kind}, {dtype}"):
                    try:
                        report = student.scenario("fill", name, shape, dtype=dtype, kind=kind)
                    except StudentRaised as exc:
                        if exc.not_implemented or kind == "tensor":
                            raise
                        raise Mismatch(f"{what} raised {exc.type_name}: {exc.message[:150]}. An in-place fill of a tensor that "
                                       "requires grad must happen under torch.no_grad()") from None
                    if not report["returned_tensor"]:
                        raise Mismatch(f"{what} should return w itself; yours returned something that is not a tensor")
                    if not torch.isfinite(report["values"]).all():
                        raise Mismatch(f"{what} did not fill w in place (w still holds NaN afterwards): write into w itself, "
                                       "e.g. with w.uniform_(...) / w.normal_(...), instead of making a new tensor")
                    if not report["same_object"]:
                        raise Mismatch(f"{what} returned a different object than w: return the tensor you were given")
                    if not report["same_storage"]:
                        raise Mismatch(f"{what} replaced w's storage: fill its existing memory in place")
                    if not report["grad_fn_none"]:
                        raise Mismatch(f"{what}: the result has autograd history (grad_fn is not None); fill under torch.no_grad()")
                    if not report["requires_grad_kept"]:
                        raise Mismatch(f"{what} changed w.requires_grad: leave it as it was")
    return check


for _name in ("xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_"):
    globals()[f"test_{_name}in_place"] = graded(
        1, _name, f"{_name} fills w in place and returns w itself, without autograd history (also on an nn.Parameter)")(_in_place(_name))


# ------------------------------------------------------------------------------------------ errors


@graded(1, "xavier_uniform_", "xavier_uniform_ raises ValueError for fewer than 2 dimensions, as torch does")
def test_xavier_uniform_errors(student, credit):
    _errors(student, credit, "xavier_uniform_", [((5,), {}), ((), {})])


@graded(1, "xavier_normal_", "xavier_normal_ raises ValueError for fewer than 2 dimensions, as torch does")
def test_xavier_normal_errors(student, credit):
    _errors(student, credit, "xavier_normal_", [((5,), {}), ((), {})])


@graded(1, "kaiming_uniform_", "kaiming_uniform_ raises ValueError for fewer than 2 dimensions or an unknown mode")
def test_kaiming_uniform_errors(student, credit):
    _errors(student, credit, "kaiming_uniform_", [((5,), {}), ((4, 3), {"mode": "fan_avg"}), ((4, 3), {"nonlinearity": "gelu"})])


@graded(1, "kaiming_normal_", "kaiming_normal_ raises ValueError for fewer than 2 dimensions or an unknown mode")
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


def _deep(name):
    activation, kwargs, (low, high), (naive_label, naive_std) = NETWORKS[name]

    def check(student):
        x = network_input()
        naive = types.SimpleNamespace(naive=lambda w: w.normal_(0.0, naive_std))
        naive_final = scenarios.deep_network(naive, "naive", x, depth=DEPTH, activation=activation)[-1]
        if low <= naive_final <= high:
            raise RuntimeError(f"grader error: naive {naive_label} init stayed in the band ({naive_final})")
        ours = student.scenario("deep_network", name, x, depth=DEPTH, activation=activation, **kwargs)
        final = ours[-1] if isinstance(ours, list) and ours else float("nan")
        if not (math.isfinite(final) and low <= final <= high):
            args = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v!r}" for k, v in kwargs.items())
            raise Mismatch(
                f"a {DEPTH}-layer {activation} network (width {WIDTH}, inputs of mean square 1) with every weight filled by "
                f"your {name}(W, {args}): after the last layer the activations' mean square is {final:.3g}; with a correct "
                f"init it stays between {low:g} and {high:g}. (With naive {naive_label} weights it is {naive_final:.3g}: "
                f"the signal {'collapses' if not naive_final > high else 'explodes'}.) Check the variance of your weights."
            )

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
        1, _name, f"{_name} keeps the activations' scale through a {DEPTH}-layer {_activation} network (naive init does not)")(_deep(_name))


# ---------------------------------------------------------------------------------------- speed


def _speed(name):
    def check(student):
        """Speed earns its point only for a right distribution: false-failure rate <= 1e-6 (3 checks at 1e-6 / 3)."""
        x = torch.empty(256, 256)
        values = student.run(name, nan_tensor(x.shape)).value
        check_filled(values, x, call_text(name, x))
        std = torch_std(name, tuple(x.shape))
        if name.endswith("uniform_"):
            check_uniform(values, math.sqrt(3) * std, RATE, call_text(name, x), name)
        else:
            check_normal(values, std, RATE, call_text(name, x), name)
        # One timed call fills a (256, 256) weight 40 times (about 10 ms for torch), far above the request overhead's jitter.
        reference = getattr(init, name)
        expect_fast(student, name, name, x, scenario="call", times=40,
                    reference=lambda _, w, times: [reference(w) for _ in range(times)], what=call_text(name, x) + ", 40 times")
    return check


for _name in NETWORKS:
    globals()[f"test_{_name}speed"] = graded(
        1, _name, f"{_name} is vectorised (within its time budget of torch.nn.init.{_name})")(_speed(_name))


# ------------------------------------------------------------------------------------------ GPU


def _gpu(name):
    @requires_cuda
    def check(student, credit):
        """False-failure rate <= 1e-6: 2 cases x 3 checks, each at 1e-6 / 6."""
        for dtype in (torch.float32, torch.float64):
            x = torch.full((256, 128), float("nan"), dtype=dtype, device="cuda")
            what = call_text(name, x)
            with credit.case(str(dtype)):
                run = student.run(name, x, sync_debug=True)
                value = run.value
                if not isinstance(value, torch.Tensor) or value.device.type != "cuda":
                    raise Mismatch(f"{what} should return w, on the GPU; yours returned {describe(value)}")
                check_filled(value.cpu(), x.cpu(), what)
                std = torch_std(name, tuple(x.shape))
                if name.endswith("uniform_"):
                    check_uniform(value.cpu(), math.sqrt(3) * std, RATE / 2, what, name)
                else:
                    check_normal(value.cpu(), std, RATE / 2, what, name)
                if run.host_syncs:
                    raise Mismatch(f"{what} waited for the GPU ({run.host_syncs[0]}): avoid .item(), .cpu() and "
                                   "Python `if` on tensor values")
    return check


for _name in NETWORKS:
    globals()[f"test_{_name}gpu"] = graded(
        1, _name, f"{_name} on CUDA: fills w on the GPU with the right distribution, no host sync")(_gpu(_name))

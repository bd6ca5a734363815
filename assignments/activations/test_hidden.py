"""Hidden tests for sigmoid, tanh, relu, leaky_relu and the hand-written sigmoid_grad, tanh_grad, relu_grad.

The derivatives are compared with autograd through torch's own activation, computed here in the judge
(``derivative`` below): torch.autograd.grad(torch.sigmoid(x).sum(), x) and so on. At x = 0 autograd
gives relu a derivative of 0 and leaky_relu one of ``negative_slope`` (d2l: take the left derivative),
which is what relu_grad and the gradients through the student's relu / leaky_relu must give too.
"""
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from autograder.spec import (
    Hint,
    Mismatch,
    Text,
    describe,
    expect_close,
    expect_cuda_matches,
    expect_fast,
    expect_gradients,
    expect_unchanged,
    graded,
    requires_cuda,
)

INF = float("inf")
ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "leaky_relu": F.leaky_relu}
DERIVATIVE_OF = {"sigmoid_grad": torch.sigmoid, "tanh_grad": torch.tanh, "relu_grad": torch.relu}


def derivative(fn):
    """x -> d/dx fn(x) elementwise, as autograd gives it (the reference for the hand-written derivatives)."""
    def grad(x):
        leaf = x.detach().clone().requires_grad_(True)
        return torch.autograd.grad(fn(leaf).sum(), leaf)[0]
    return grad


def grad_through(fn, x, grad_output):
    """The gradient autograd computes through ``fn`` at ``x`` for the upstream gradient ``grad_output``."""
    leaf = x.detach().clone().requires_grad_(True)
    return torch.autograd.grad(fn(leaf), leaf, grad_output)[0]


REFERENCE = {**ACTIVATIONS, **{name: derivative(fn) for name, fn in DERIVATIVE_OF.items()}}


def randn(shape, seed, dtype=torch.float64, scale=1.0):
    return (torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64) * scale).to(dtype)


def call_text(name, x, negative_slope=None, text=None):
    slope = "" if negative_slope is None else f", negative_slope={negative_slope}"
    call = f"{name}(x{slope})"
    if text:
        return Text("{call} for {text} ({x})", "{text}（{x}）时的 {call}").format(call=call, text=text, x=describe(x))
    return Text("{call} for x {x}", "x 为 {x} 时的 {call}").format(call=call, x=describe(x))


# ------------------------------------------------------------------------- known mistakes


def _naive_sigmoid(x):
    return 1 / (1 + torch.exp(-x))


def _abs_sigmoid(x):
    e = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _sign_tanh(x):
    e = torch.exp(-2 * x.abs())
    return torch.sign(x) * (1 - e) / (1 + e)


def _exp_tanh(x):
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


def _where_both_sigmoid(x):
    return torch.where(x >= 0, 1 / (1 + torch.exp(-x)), torch.exp(x) / (1 + torch.exp(x)))


def _where_both_tanh(x):
    return torch.where(x >= 0, (1 - torch.exp(-2 * x)) / (1 + torch.exp(-2 * x)), (torch.exp(2 * x) - 1) / (torch.exp(2 * x) + 1))


NAN_GRADIENT = Text("exp(-x) overflows to inf at x = -1000 and autograd then computes 0 * inf = nan, although the value "
                    "1 / (1 + inf) = 0 looks fine: only exponentiate non-positive numbers (exp(-x) where x >= 0, exp(x) "
                    "where x < 0, chosen with torch.where)",
                    "x = -1000 时 exp(-x) 上溢为 inf，自动微分随后算出 0 * inf = nan，尽管值 1 / (1 + inf) = 0 看起来没问题："
                    "只对非正数取指数（x >= 0 处用 exp(-x)，x < 0 处用 exp(x)，用 torch.where 选择）")
WHERE_BOTH = Text("torch.where(c, a, b) backpropagates through both a and b: an exp that overflows in the branch that "
                  "is not selected still makes the gradient nan (0 * inf = nan). Exponentiate only non-positive numbers, "
                  "e.g. e = exp(torch.where(x >= 0, -x, x)), then choose between formulas of e",
                  "torch.where(c, a, b) 的反向传播会同时经过 a 和 b：未被选中的分支中上溢的 exp 仍会让梯度变成 nan"
                  "（0 * inf = nan）。只对非正数取指数，例如 e = exp(torch.where(x >= 0, -x, x))，再在关于 e 的公式之间选择")
KINK_AT_ZERO = Text("at x = 0, abs(x) and sign(x) have derivative 0 in autograd, which zeroes the gradient there: "
                    "choose the branch with torch.where(x >= 0, ..., ...) instead of |x| or sign(x)",
                    "在 x = 0 处，自动微分中 abs(x) 和 sign(x) 的导数为 0，使那里的梯度变成 0："
                    "用 torch.where(x >= 0, ..., ...) 选择分支，而不是 |x| 或 sign(x)")
RELU_AT_ZERO = Text("at x = 0 torch.relu's derivative is 0 (d2l: take the left derivative); x.clamp(min=0) gives 1 "
                    "there and torch.maximum(x, 0) gives 0.5. Use torch.where(x > 0, x, 0)",
                    "在 x = 0 处 torch.relu 的导数为 0（d2l：取左导数）；x.clamp(min=0) 在那里给出 1，"
                    "torch.maximum(x, 0) 给出 0.5。请用 torch.where(x > 0, x, 0)")
LEAKY_AT_ZERO = Text("at x = 0 F.leaky_relu's derivative is negative_slope (the left derivative): "
                     "use torch.where(x > 0, x, negative_slope * x), with x > 0, not x >= 0",
                     "在 x = 0 处 F.leaky_relu 的导数是 negative_slope（左导数）："
                     "用 torch.where(x > 0, x, negative_slope * x)，条件是 x > 0 而不是 x >= 0")
MAXIMUM_GRADIENT = Text("torch.maximum(x, negative_slope * x) is leaky_relu only when 0 <= negative_slope <= 1, and at "
                        "x = 0 it splits the gradient 50/50 between its arguments: use torch.where(x > 0, x, negative_slope * x)",
                        "torch.maximum(x, negative_slope * x) 只有在 0 <= negative_slope <= 1 时才是 leaky_relu，而且在 x = 0 处"
                        "它把梯度在两个参数间五五平分：请用 torch.where(x > 0, x, negative_slope * x)")
MAXIMUM_SLOPE = Text("max(x, negative_slope * x) equals leaky_relu only when 0 <= negative_slope <= 1: "
                     "use torch.where(x > 0, x, negative_slope * x)",
                     "max(x, negative_slope * x) 只有在 0 <= negative_slope <= 1 时才等于 leaky_relu："
                     "请用 torch.where(x > 0, x, negative_slope * x)")


def gradient_hints(name, x, grad_output, negative_slope=0.01):
    g = grad_output
    if name == "sigmoid":
        return [Hint(NAN_GRADIENT, lambda: grad_through(_naive_sigmoid, x, g)),
                Hint(WHERE_BOTH, lambda: grad_through(_where_both_sigmoid, x, g)),
                Hint(KINK_AT_ZERO, lambda: grad_through(_abs_sigmoid, x, g))]
    if name == "tanh":
        return [Hint(WHERE_BOTH, lambda: grad_through(_where_both_tanh, x, g)),
                Hint(KINK_AT_ZERO, lambda: grad_through(_sign_tanh, x, g))]
    if name == "relu":
        return [Hint(RELU_AT_ZERO, lambda: grad_through(lambda t: t.clamp(min=0), x, g)),
                Hint(RELU_AT_ZERO, lambda: grad_through(lambda t: torch.maximum(t, torch.zeros_like(t)), x, g))]
    s = negative_slope
    return [Hint(LEAKY_AT_ZERO, lambda: grad_through(lambda t: torch.where(t >= 0, t, s * t), x, g)),
            Hint(MAXIMUM_GRADIENT, lambda: grad_through(lambda t: torch.maximum(t, s * t), x, g)),
            Hint(LEAKY_AT_ZERO, lambda: grad_through(lambda t: torch.relu(t) - s * torch.relu(-t), x, g)),
            Hint(Text("use the negative_slope argument, not a fixed 0.01", "使用参数 negative_slope，而不是固定的 0.01"), lambda: grad_through(F.leaky_relu, x, g))]


def value_hints(name, x, negative_slope=None):
    s = 0.01 if negative_slope is None else negative_slope
    if name == "leaky_relu":
        return [Hint(Text("use the negative_slope argument, not a fixed 0.01", "使用参数 negative_slope，而不是固定的 0.01"), lambda: F.leaky_relu(x, negative_slope=0.01)),
                Hint(MAXIMUM_SLOPE, lambda: torch.maximum(x, s * x))]
    if name == "sigmoid":
        return [Hint(Text("sigmoid(x) = 1 / (1 + exp(-x)): mind the minus sign", "sigmoid(x) = 1 / (1 + exp(-x))：注意负号"), lambda: torch.sigmoid(-x))]
    if name == "relu":
        return [Hint(Text("x * (x > 0) gives -inf * 0 = nan at x = -inf: use torch.where(x > 0, x, 0)", "x = -inf 时 x * (x > 0) 得到 -inf * 0 = nan：请用 torch.where(x > 0, x, 0)"), lambda: x * (x > 0))]
    if name == "sigmoid_grad":
        sig = torch.sigmoid(x)
        return [Hint(Text("the derivative is sigmoid(x) * (1 - sigmoid(x)): a minus, not a plus", "导数是 sigmoid(x) * (1 - sigmoid(x))：是减号，不是加号"), sig * (1 + sig)),
                Hint(Text("you returned sigmoid(x) itself, not its derivative", "你返回的是 sigmoid(x) 本身，而不是它的导数"), sig)]
    if name == "tanh_grad":
        t = torch.tanh(x)
        return [Hint(Text("the derivative is 1 - tanh(x) ** 2: square tanh", "导数是 1 - tanh(x) ** 2：要对 tanh 求平方"), 1 - t),
                Hint(Text("the derivative is 1 - tanh(x) ** 2, with a minus", "导数是 1 - tanh(x) ** 2，是减号"), 1 + t * t),
                Hint(Text("you returned tanh(x) itself, not its derivative", "你返回的是 tanh(x) 本身，而不是它的导数"), t)]
    if name == "relu_grad":
        return [Hint(Text("relu_grad(0) is 0 (the left derivative, as autograd gives): use x > 0, not x >= 0", "relu_grad(0) 为 0（左导数，与自动微分一致）：用 x > 0，而不是 x >= 0"), (x >= 0).to(x.dtype)),
                Hint(Text("you returned relu(x) itself, not its derivative", "你返回的是 relu(x) 本身，而不是它的导数"), torch.relu(x))]
    return []


def expect_same_dtype(actual, x, what):
    """The result has x's dtype: say how to get there (a bool mask, .float(), a float64 detour)."""
    if isinstance(actual, torch.Tensor) and actual.shape == x.shape and actual.dtype != x.dtype:
        advice = (Text("convert the mask with .to(x.dtype)", "用 .to(x.dtype) 转换掩码") if actual.dtype == torch.bool else
                  Text("build it from x, or convert with .to(x.dtype) (.float() and torch.tensor(...) give float32 whatever x is)",
                       "由 x 构造它，或用 .to(x.dtype) 转换（无论 x 是什么，.float() 和 torch.tensor(...) 都给出 float32）"))
        want, got = str(x.dtype).replace('torch.', ''), str(actual.dtype).replace('torch.', '')
        raise Mismatch(Text("{what} should return a tensor of x's dtype ({want}); yours is {got}: {advice}",
                            "{what} 应返回与 x 的 dtype（{want}）相同的张量；你的是 {got}：{advice}").format(
            what=what, want=want, got=got, advice=advice))


def check_value(student, name, x, negative_slope=None, text=None, what=None):
    kwargs = {} if negative_slope is None else {"negative_slope": negative_slope}
    expected = REFERENCE[name](x, **kwargs)
    actual = getattr(student, name)(x, **kwargs)
    what = what or call_text(name, x, negative_slope, text)
    expect_same_dtype(actual, x, what)
    expect_close(actual, expected, what=what, inputs=[x], hints=value_hints(name, x, negative_slope))


# ---------------------------------------------------------------------------------- values


SLOPES = [0.0, 0.01, 0.1, 0.2, 0.5, 1.0, 1.5, -0.3]


@st.composite
def tensors(draw):
    """A random tensor of 0-4 dims (sizes 1-6), float32 or float64, magnitude 0.1 to 30."""
    shape = draw(st.lists(st.integers(1, 6), min_size=0, max_size=4))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    scale = draw(st.sampled_from([0.1, 1.0, 5.0, 30.0]))
    return randn(shape, draw(st.integers(0, 2**31 - 1)), dtype, scale)


def _values(name):
    @given(x=tensors())
    def check(student, x):
        check_value(student, name, x)
    return check


test_sigmoid_values = graded(2, "sigmoid", Text("sigmoid matches torch.sigmoid on random shapes (float32/64)", "随机形状下 sigmoid 与 torch.sigmoid 一致（float32/64）"))(_values("sigmoid"))
test_tanh_values = graded(2, "tanh", Text("tanh matches torch.tanh on random shapes (float32/64)", "随机形状下 tanh 与 torch.tanh 一致（float32/64）"))(_values("tanh"))
test_relu_values = graded(2, "relu", Text("relu matches torch.relu on random shapes (float32/64)", "随机形状下 relu 与 torch.relu 一致（float32/64）"))(_values("relu"))
test_sigmoid_grad_values = graded(2.5, "sigmoid_grad", Text("sigmoid_grad matches autograd through torch.sigmoid on random shapes (float32/64)", "随机形状下 sigmoid_grad 与经过 torch.sigmoid 的自动微分一致（float32/64）"))(
    _values("sigmoid_grad"))
test_tanh_grad_values = graded(2.5, "tanh_grad", Text("tanh_grad matches autograd through torch.tanh on random shapes (float32/64)", "随机形状下 tanh_grad 与经过 torch.tanh 的自动微分一致（float32/64）"))(
    _values("tanh_grad"))
test_relu_grad_values = graded(2.5, "relu_grad", Text("relu_grad matches autograd through torch.relu on random shapes (float32/64)", "随机形状下 relu_grad 与经过 torch.relu 的自动微分一致（float32/64）"))(
    _values("relu_grad"))


@graded(2, "leaky_relu", Text("leaky_relu matches F.leaky_relu on random shapes and negative slopes (0, 0.01 ... 1.5, -0.3)", "随机形状和负斜率（0、0.01 … 1.5、-0.3）下 leaky_relu 与 F.leaky_relu 一致"))
@given(x=tensors(), negative_slope=st.sampled_from(SLOPES), positional=st.booleans())
def test_leaky_relu_values(student, x, negative_slope, positional):
    expected = F.leaky_relu(x, negative_slope=negative_slope)
    if positional:
        actual, what = student.leaky_relu(x, negative_slope), Text(f"leaky_relu(x, {negative_slope}) for x {describe(x)}",
                                                                      f"x 为 {describe(x)} 时的 leaky_relu(x, {negative_slope})")
    else:
        actual, what = student.leaky_relu(x, negative_slope=negative_slope), call_text("leaky_relu", x, negative_slope)
    expect_close(actual, expected, what=what, inputs=[x], hints=value_hints("leaky_relu", x, negative_slope))


@graded(1, "leaky_relu", Text("leaky_relu's default negative_slope is 0.01", "leaky_relu 的 negative_slope 默认为 0.01"))
def test_leaky_relu_default(student, credit):
    for dtype in (torch.float32, torch.float64):
        x = randn((4, 5), 1, dtype, 3.0)
        with credit.case(Text(f"{dtype}", f"{dtype}")):
            expect_close(student.leaky_relu(x), F.leaky_relu(x), what=Text(f"leaky_relu(x) (no negative_slope given) for x {describe(x)}", f"x 为 {describe(x)} 时的 leaky_relu(x)（不给 negative_slope）"),
                         inputs=[x], hints=[Hint(Text("the default negative_slope is 0.01, as in F.leaky_relu", "negative_slope 的默认值是 0.01，与 F.leaky_relu 一样"), F.leaky_relu(x, 0.1))])


# ------------------------------------------------------------------- saturation, special points

# Name -> (label, values). float16's largest finite value is 65504: exp(12) already overflows there.
SATURATION = [
    (Text("x = +-1000", "x = ±1000"), [-1000.0, 1000.0, -1000.0, 0.5, 1000.0]),
    (Text("x = +-20, +-40, +-100 (exp overflows float32 beyond 88)", "x = ±20、±40、±100（超过 88 时 exp 在 float32 中上溢）"),
     [20.0, -20.0, 40.0, -40.0, 100.0, -100.0]),
    (Text("x = +-inf", "x = ±inf"), [INF, -INF, 0.0, 1.0, -1.0]),
    (Text("x = +-12 and +-15 (exp(12) overflows in float16)", "x = ±12 和 ±15（exp(12) 在 float16 中上溢）"), [12.0, -12.0, 15.0, -15.0, 3.0]),
    (Text("x = +-1e-30, +-1e-8 (tiny)", "x = ±1e-30、±1e-8（极小）"), [1e-30, -1e-30, 1e-8, -1e-8, 0.0]),
]


ZEROS = Text("x = 0 and -0.0", "x = 0 和 -0.0")


def _saturation(name, dtypes=(torch.float16, torch.float32, torch.float64)):
    def check(student, credit):
        for label, values in SATURATION:
            for dtype in dtypes:
                x = torch.tensor(values, dtype=torch.float64).to(dtype)
                with credit.case(Text(f"{label}, {dtype}", f"{label}，{dtype}")):
                    check_value(student, name, x, text=label)
    return check


test_sigmoid_saturation = graded(1.5, "sigmoid", Text("sigmoid saturates without nan at +-20 ... +-1000 and +-inf (float16/32/64)", "sigmoid 在 ±20 … ±1000 和 ±inf 处饱和而不出现 nan（float16/32/64）"))(
    _saturation("sigmoid"))
test_tanh_saturation = graded(1.5, "tanh", Text("tanh saturates without nan at +-20 ... +-1000 and +-inf (float16/32/64)", "tanh 在 ±20 … ±1000 和 ±inf 处饱和而不出现 nan（float16/32/64）"))(
    _saturation("tanh"))


@graded(2, "sigmoid_grad", Text("sigmoid_grad: 0.25 at 0, and 0 (not nan) at +-20 ... +-1000 and +-inf (float16/32/64)", "sigmoid_grad：在 0 处为 0.25，在 ±20 … ±1000 和 ±inf 处为 0（不是 nan）（float16/32/64）"))
def test_sigmoid_grad_special(student, credit):
    _special_derivative(student, credit, "sigmoid_grad")


@graded(2, "tanh_grad", Text("tanh_grad: 1 at 0, and 0 (not nan) at +-20 ... +-1000 and +-inf (float16/32/64)", "tanh_grad：在 0 处为 1，在 ±20 … ±1000 和 ±inf 处为 0（不是 nan）（float16/32/64）"))
def test_tanh_grad_special(student, credit):
    _special_derivative(student, credit, "tanh_grad")


@graded(2, "relu_grad", Text("relu_grad: 0 at 0 and -0.0, 1 for tiny positive x, right at +-1000 and +-inf (float16/32/64)", "relu_grad：在 0 和 -0.0 处为 0，x 为极小正数时为 1，在 ±1000 和 ±inf 处正确（float16/32/64）"))
def test_relu_grad_special(student, credit):
    _special_derivative(student, credit, "relu_grad")


def _special_derivative(student, credit, name):
    cases = [(ZEROS, [0.0, -0.0, 0.0, 1.0, -1.0])] + SATURATION
    for label, values in cases:
        for dtype in (torch.float16, torch.float32, torch.float64):
            x = torch.tensor(values, dtype=torch.float64).to(dtype)
            with credit.case(Text(f"{label}, {dtype}", f"{label}，{dtype}")):
                check_value(student, name, x, text=label)


@graded(1, "relu", Text("relu at 0, -0.0, tiny and huge values and +-inf (float16/32/64)", "relu 在 0、-0.0、极小和极大值以及 ±inf 处（float16/32/64）"))
def test_relu_special(student, credit):
    for label, values in [(ZEROS, [0.0, -0.0, 1.0, -1.0])] + SATURATION:
        for dtype in (torch.float16, torch.float32, torch.float64):
            x = torch.tensor(values, dtype=torch.float64).to(dtype)
            with credit.case(Text(f"{label}, {dtype}", f"{label}，{dtype}")):
                check_value(student, "relu", x, text=label)


# ------------------------------------------------------------------------------- gradients


def _gradient_cases():
    """(label, x): random values, exact zeros (the kinks), and saturated inputs, all float64."""
    return [
        (Text("x of random values", "随机取值的 x"), randn((4, 6), 2, scale=3.0)),
        (Text("x containing exact zeros (and -0.0)", "含有精确的 0（和 -0.0）的 x"), torch.tensor([[0.0, -0.0, 1.5], [-2.0, 0.0, 0.25]], dtype=torch.float64)),
        (Text("x = +-30 and +-1000", "x = ±30 和 ±1000"), torch.tensor([[1000.0, -1000.0, 30.0], [-30.0, 1000.0, -1000.0]], dtype=torch.float64)),
    ]


def _gradients(name, negative_slopes=(None,)):
    def check(student, credit):
        for label, x in _gradient_cases():
            grad_output = randn(x.shape, 3, scale=1.0)
            for slope in negative_slopes:
                kwargs = {} if slope is None else {"negative_slope": slope}
                case = label if slope is None else Text(f"{label}, negative_slope={slope}", f"{label}，negative_slope={slope}")
                with credit.case(case):
                    expect_gradients(student, name, x, reference=ACTIVATIONS[name], grad_output=grad_output,
                                     what=call_text(name, x, slope, text=label),
                                     hints=gradient_hints(name, x, grad_output, 0.01 if slope is None else slope), **kwargs)
    return check


test_sigmoid_gradients = graded(2, "sigmoid", Text("gradients through sigmoid equal torch's: random x, at 0 (0.25), at +-1000 (0, no nan)", "sigmoid 的梯度与 torch 的一致：随机 x、0 处（0.25）、±1000 处（0，无 nan）"))(
    _gradients("sigmoid"))
test_tanh_gradients = graded(2, "tanh", Text("gradients through tanh equal torch's: random x, at 0 (1), at +-1000 (0, no nan)", "tanh 的梯度与 torch 的一致：随机 x、0 处（1）、±1000 处（0，无 nan）"))(
    _gradients("tanh"))
test_relu_gradients = graded(2, "relu", Text("gradients through relu equal torch's: random x, at 0 (0), at +-1000", "relu 的梯度与 torch 的一致：随机 x、0 处（0）、±1000 处"))(_gradients("relu"))
test_leaky_relu_gradients = graded(2, "leaky_relu", Text("gradients through leaky_relu equal torch's (negative_slope 0.01, 0.2, 1.5; at 0: the slope)", "leaky_relu 的梯度与 torch 的一致（negative_slope 为 0.01、0.2、1.5；0 处为斜率）"))(
    _gradients("leaky_relu", negative_slopes=(None, 0.2, 1.5)))


# ---------------------------------------------------------------- dtype, shape, inputs untouched


def _keeps_dtype_and_input(name, negative_slope=None):
    def check(student, credit):
        kwargs = {} if negative_slope is None else {"negative_slope": negative_slope}
        cases = [(Text(f"{dtype}", f"{dtype}"), randn((3, 5), 4, dtype, 3.0)) for dtype in (torch.float16, torch.float32, torch.float64)]
        cases += [(Text("a 0-d tensor", "0 维张量"), torch.tensor(-0.75)),
                  (Text("an empty tensor of shape (0, 3)", "形状为 (0, 3) 的空张量"), torch.zeros(0, 3))]
        for label, x in cases:
            with credit.case(label):
                run = student.run(name, x.clone(), keep_args=True, **kwargs)
                what = call_text(name, x, negative_slope)
                expected = REFERENCE[name](x, **kwargs)
                expect_same_dtype(run.value, x, what)
                expect_close(run.value, expected, what=what, inputs=[x])
                expect_unchanged([x], run.args_after, what=what)
    return check


_DTYPE_NAME = Text("keeps dtype (float16/32/64) and shape (0-d, empty), and leaves its input untouched",
                   "保持 dtype（float16/32/64）和形状（0 维、空张量），且不修改输入")
test_sigmoid_dtype = graded(1, "sigmoid", Text("sigmoid ", "sigmoid ") + _DTYPE_NAME)(_keeps_dtype_and_input("sigmoid"))
test_tanh_dtype = graded(1, "tanh", Text("tanh ", "tanh ") + _DTYPE_NAME)(_keeps_dtype_and_input("tanh"))
test_relu_dtype = graded(1.5, "relu", Text("relu ", "relu ") + _DTYPE_NAME)(_keeps_dtype_and_input("relu"))
test_leaky_relu_dtype = graded(1.5, "leaky_relu", Text("leaky_relu ", "leaky_relu ") + _DTYPE_NAME)(_keeps_dtype_and_input("leaky_relu", 0.2))
test_sigmoid_grad_dtype = graded(1.5, "sigmoid_grad", Text("sigmoid_grad ", "sigmoid_grad ") + _DTYPE_NAME)(_keeps_dtype_and_input("sigmoid_grad"))
test_tanh_grad_dtype = graded(1.5, "tanh_grad", Text("tanh_grad ", "tanh_grad ") + _DTYPE_NAME)(_keeps_dtype_and_input("tanh_grad"))
test_relu_grad_dtype = graded(1.5, "relu_grad", Text("relu_grad ", "relu_grad ") + _DTYPE_NAME)(_keeps_dtype_and_input("relu_grad"))


# ------------------------------------------------------------------------------------ speed

# Many short rows: a Python loop over the rows (or the elements) is hundreds to tens of thousands of times slower
# than torch, vectorised code at most ~100x (a where-based relu against torch.relu's single kernel); the budgets in
# the manifest sit in between. Small enough that a loop finishes well within the call timeout.
SPEED_SHAPE = (4096, 4)


def _speed(name, negative_slope=None):
    def check(student):
        x = randn(SPEED_SHAPE, 5, torch.float32, 3.0)
        kwargs = {} if negative_slope is None else {"negative_slope": negative_slope}
        expect_fast(student, name, x, reference=REFERENCE[name], what=call_text(name, x, negative_slope), **kwargs)
    return check


test_sigmoid_speed = graded(0.75, "sigmoid", Text("sigmoid is vectorised (within its time budget of torch)", "sigmoid 已向量化（在相对 torch 的时间预算内）"))(_speed("sigmoid"))
test_tanh_speed = graded(0.75, "tanh", Text("tanh is vectorised (within its time budget of torch)", "tanh 已向量化（在相对 torch 的时间预算内）"))(_speed("tanh"))
test_relu_speed = graded(0.75, "relu", Text("relu is vectorised (within its time budget of torch)", "relu 已向量化（在相对 torch 的时间预算内）"))(_speed("relu"))
test_leaky_relu_speed = graded(0.75, "leaky_relu", Text("leaky_relu is vectorised (within its time budget of torch)", "leaky_relu 已向量化（在相对 torch 的时间预算内）"))(_speed("leaky_relu", 0.2))
test_sigmoid_grad_speed = graded(1, "sigmoid_grad", Text("sigmoid_grad is vectorised (within its time budget of autograd)", "sigmoid_grad 已向量化（在相对自动微分的时间预算内）"))(_speed("sigmoid_grad"))
test_tanh_grad_speed = graded(1, "tanh_grad", Text("tanh_grad is vectorised (within its time budget of autograd)", "tanh_grad 已向量化（在相对自动微分的时间预算内）"))(_speed("tanh_grad"))
test_relu_grad_speed = graded(1, "relu_grad", Text("relu_grad is vectorised (within its time budget of autograd)", "relu_grad 已向量化（在相对自动微分的时间预算内）"))(_speed("relu_grad"))


# -------------------------------------------------------------------------------------- GPU


def _gpu(name, negative_slope=None):
    @requires_cuda
    def check(student, credit):
        kwargs = {} if negative_slope is None else {"negative_slope": negative_slope}
        for dtype in (torch.float32, torch.float64):
            x = randn((256, 100), 6, dtype, 5.0)
            x[0, :6] = torch.tensor([1000.0, -1000.0, 0.0, -0.0, INF, -INF], dtype=dtype)
            with credit.case(Text(f"{dtype}", f"{dtype}")):
                expect_cuda_matches(student, name, x, reference=REFERENCE[name], what=call_text(name, x, negative_slope), **kwargs)
    return check


_GPU_NAME = Text("on CUDA: equals torch, stays on the GPU with x's dtype, no host sync",
                 "在 CUDA 上：与 torch 一致，以 x 的 dtype 留在 GPU 上，无主机同步")
test_sigmoid_gpu = graded(0.75, "sigmoid", Text("sigmoid ", "CUDA 上的 sigmoid：") + _GPU_NAME)(_gpu("sigmoid"))
test_tanh_gpu = graded(0.75, "tanh", Text("tanh ", "CUDA 上的 tanh：") + _GPU_NAME)(_gpu("tanh"))
test_relu_gpu = graded(0.75, "relu", Text("relu ", "CUDA 上的 relu：") + _GPU_NAME)(_gpu("relu"))
test_leaky_relu_gpu = graded(0.75, "leaky_relu", Text("leaky_relu ", "CUDA 上的 leaky_relu：") + _GPU_NAME)(_gpu("leaky_relu", 0.2))
test_sigmoid_grad_gpu = graded(1, "sigmoid_grad", Text("sigmoid_grad ", "CUDA 上的 sigmoid_grad：") + _GPU_NAME)(_gpu("sigmoid_grad"))
test_tanh_grad_gpu = graded(1, "tanh_grad", Text("tanh_grad ", "CUDA 上的 tanh_grad：") + _GPU_NAME)(_gpu("tanh_grad"))
test_relu_grad_gpu = graded(1, "relu_grad", Text("relu_grad ", "CUDA 上的 relu_grad：") + _GPU_NAME)(_gpu("relu_grad"))

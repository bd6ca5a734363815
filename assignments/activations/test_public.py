"""Public tests for activations: run them with `autograder check activations`.

The hidden tests check much more (random shapes and dtypes, saturation at +-1000 and +-inf in float16/32/64,
gradients through your activations at 0 and at +-1000, other negative slopes, inputs left untouched, speed,
CUDA); passing these is a start, not a guarantee.
"""
import torch
import torch.nn.functional as F

from autograder.spec import Hint, Text, expect_close, expect_gradients, graded

X = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0])
X_TEXT = "x = [-2, -1, -0.5, 0, 0.5, 1, 2]"
LARGE = torch.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0])
LARGE_TEXT = "x = [-1000, -50, 0, 50, 1000]"


def derivative(fn, x):
    """What autograd gives: d/dx fn(x), elementwise."""
    leaf = x.detach().clone().requires_grad_(True)
    return torch.autograd.grad(fn(leaf).sum(), leaf)[0]


@graded(1, "sigmoid", Text("sigmoid of a small example matches torch.sigmoid", "小例子上的 sigmoid 与 torch.sigmoid 一致"))
def test_sigmoid_small(student):
    expect_close(student.sigmoid(X), torch.sigmoid(X), what=Text(f"sigmoid(x) for {X_TEXT}", f"{X_TEXT} 时的 sigmoid(x)"), inputs=[X],
                 hints=[Hint(Text("sigmoid(x) = 1 / (1 + exp(-x)): mind the minus sign", "sigmoid(x) = 1 / (1 + exp(-x))：注意负号"), torch.sigmoid(-X))])


@graded(1, "sigmoid", Text("sigmoid saturates without nan: sigmoid(-1000) = 0, sigmoid(1000) = 1", "sigmoid 饱和时不出现 nan：sigmoid(-1000) = 0，sigmoid(1000) = 1"))
def test_sigmoid_large(student):
    expect_close(student.sigmoid(LARGE), torch.sigmoid(LARGE), what=Text(f"sigmoid(x) for {LARGE_TEXT} (should be [0, ~0, 0.5, 1, 1])", f"{LARGE_TEXT} 时的 sigmoid(x)（应为 [0, ~0, 0.5, 1, 1]）"),
                 inputs=[LARGE])


@graded(1, "tanh", Text("tanh of a small example matches torch.tanh", "小例子上的 tanh 与 torch.tanh 一致"))
def test_tanh_small(student):
    expect_close(student.tanh(X), torch.tanh(X), what=Text(f"tanh(x) for {X_TEXT}", f"{X_TEXT} 时的 tanh(x)"), inputs=[X])


@graded(1, "tanh", Text("tanh saturates without nan: tanh(-1000) = -1, tanh(1000) = 1", "tanh 饱和时不出现 nan：tanh(-1000) = -1，tanh(1000) = 1"))
def test_tanh_large(student):
    expect_close(student.tanh(LARGE), torch.tanh(LARGE), what=Text(f"tanh(x) for {LARGE_TEXT} (should be [-1, -1, 0, 1, 1])", f"{LARGE_TEXT} 时的 tanh(x)（应为 [-1, -1, 0, 1, 1]）"),
                 inputs=[LARGE])


@graded(1, "relu", Text("relu of a small example matches torch.relu", "小例子上的 relu 与 torch.relu 一致"))
def test_relu_small(student):
    expect_close(student.relu(X), torch.relu(X), what=Text(f"relu(x) for {X_TEXT}", f"{X_TEXT} 时的 relu(x)"), inputs=[X])


@graded(1, "relu", Text("the gradient through relu is 0 at x = 0, like torch.relu's", "relu 在 x = 0 处的梯度为 0，与 torch.relu 相同"))
def test_relu_gradient_at_zero(student):
    x = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64)
    ones = torch.ones(3, dtype=torch.float64)
    expect_gradients(student, "relu", x, reference=torch.relu, grad_output=ones,
                     what=Text("relu(x) for x = [-1, 0, 2] (float64; the gradient should be [0, 0, 1])", "x = [-1, 0, 2] 时的 relu(x)（float64；梯度应为 [0, 0, 1]）"),
                     hints=[Hint(Text("x.clamp(min=0) has derivative 1 at x = 0 and torch.maximum(x, 0) has 0.5; torch.relu's is 0 "
                                 "(d2l: at 0 take the left derivative). Use torch.where(x > 0, x, 0)", "x.clamp(min=0) 在 x = 0 处的导数为 1，torch.maximum(x, 0) 为 0.5；torch.relu 的是 0"
                                 "（d2l：在 0 处取左导数）。请使用 torch.where(x > 0, x, 0)"),
                                 torch.tensor([0.0, 1.0, 1.0], dtype=torch.float64)),
                            Hint(Text("x.clamp(min=0) has derivative 1 at x = 0 and torch.maximum(x, 0) has 0.5; torch.relu's is 0 "
                                 "(d2l: at 0 take the left derivative). Use torch.where(x > 0, x, 0)", "x.clamp(min=0) 在 x = 0 处的导数为 1，torch.maximum(x, 0) 为 0.5；torch.relu 的是 0"
                                 "（d2l：在 0 处取左导数）。请使用 torch.where(x > 0, x, 0)"),
                                 torch.tensor([0.0, 0.5, 1.0], dtype=torch.float64))])


@graded(1, "leaky_relu", Text("leaky_relu with the default negative_slope (0.01) matches F.leaky_relu", "默认 negative_slope（0.01）的 leaky_relu 与 F.leaky_relu 一致"))
def test_leaky_relu_default(student):
    expect_close(student.leaky_relu(X), F.leaky_relu(X), what=Text(f"leaky_relu(x) for {X_TEXT}", f"{X_TEXT} 时的 leaky_relu(x)"), inputs=[X],
                 hints=[Hint(Text("negative inputs are multiplied by negative_slope, positive ones kept", "负的输入乘以 negative_slope，正的保持不变"), F.leaky_relu(-X))])


@graded(1, "leaky_relu", Text("leaky_relu honours negative_slope=0.2", "leaky_relu 遵循 negative_slope=0.2"))
def test_leaky_relu_slope(student):
    expect_close(student.leaky_relu(X, negative_slope=0.2), F.leaky_relu(X, negative_slope=0.2),
                 what=Text(f"leaky_relu(x, negative_slope=0.2) for {X_TEXT}", f"{X_TEXT} 时的 leaky_relu(x, negative_slope=0.2)"), inputs=[X],
                 hints=[Hint(Text("use the negative_slope argument, not a fixed 0.01", "请使用参数 negative_slope，而不是固定的 0.01"), F.leaky_relu(X, negative_slope=0.01))])


@graded(1, "sigmoid_grad", Text("sigmoid_grad of a small example matches autograd (0.25 at 0)", "小例子上的 sigmoid_grad 与自动微分一致（在 0 处为 0.25）"))
def test_sigmoid_grad_small(student):
    s = torch.sigmoid(X)
    expect_close(student.sigmoid_grad(X), derivative(torch.sigmoid, X), what=Text(f"sigmoid_grad(x) for {X_TEXT}", f"{X_TEXT} 时的 sigmoid_grad(x)"), inputs=[X],
                 hints=[Hint(Text("the derivative is sigmoid(x) * (1 - sigmoid(x)): a minus, not a plus", "导数是 sigmoid(x) * (1 - sigmoid(x))：是减号，不是加号"), s * (1 + s)),
                        Hint(Text("you returned sigmoid(x) itself, not its derivative", "你返回的是 sigmoid(x) 本身，而不是它的导数"), s)])


@graded(1, "sigmoid_grad", Text("sigmoid_grad is 0, not nan, at +-1000", "sigmoid_grad 在 ±1000 处为 0，而不是 nan"))
def test_sigmoid_grad_large(student):
    expect_close(student.sigmoid_grad(LARGE), derivative(torch.sigmoid, LARGE),
                 what=Text(f"sigmoid_grad(x) for {LARGE_TEXT} (should be [0, ~0, 0.25, ~0, 0])", f"{LARGE_TEXT} 时的 sigmoid_grad(x)（应为 [0, ~0, 0.25, ~0, 0]）"), inputs=[LARGE])


@graded(1, "tanh_grad", Text("tanh_grad of a small example matches autograd (1 at 0)", "小例子上的 tanh_grad 与自动微分一致（在 0 处为 1）"))
def test_tanh_grad_small(student):
    t = torch.tanh(X)
    expect_close(student.tanh_grad(X), derivative(torch.tanh, X), what=Text(f"tanh_grad(x) for {X_TEXT}", f"{X_TEXT} 时的 tanh_grad(x)"), inputs=[X],
                 hints=[Hint(Text("the derivative is 1 - tanh(x) ** 2: square tanh", "导数是 1 - tanh(x) ** 2：要对 tanh 取平方"), 1 - t),
                        Hint(Text("the derivative is 1 - tanh(x) ** 2, with a minus", "导数是 1 - tanh(x) ** 2，是减号"), 1 + t * t)])


@graded(1, "tanh_grad", Text("tanh_grad is 0, not nan, at +-1000", "tanh_grad 在 ±1000 处为 0，而不是 nan"))
def test_tanh_grad_large(student):
    expect_close(student.tanh_grad(LARGE), derivative(torch.tanh, LARGE),
                 what=Text(f"tanh_grad(x) for {LARGE_TEXT} (should be [0, 0, 1, 0, 0])", f"{LARGE_TEXT} 时的 tanh_grad(x)（应为 [0, 0, 1, 0, 0]）"), inputs=[LARGE])


@graded(1, "relu_grad", Text("relu_grad of a small example matches autograd", "小例子上的 relu_grad 与自动微分一致"))
def test_relu_grad_small(student):
    x = torch.tensor([-2.0, -1.0, 0.5, 3.0])
    expect_close(student.relu_grad(x), derivative(torch.relu, x), what=Text("relu_grad(x) for x = [-2, -1, 0.5, 3] (float32)", "x = [-2, -1, 0.5, 3]（float32）时的 relu_grad(x)"),
                 inputs=[x], hints=[Hint(Text("you returned relu(x) itself, not its derivative", "你返回的是 relu(x) 本身，而不是它的导数"), torch.relu(x))])


@graded(1, "relu_grad", Text("relu_grad(0) is 0, like autograd through torch.relu", "relu_grad(0) 为 0，与通过 torch.relu 的自动微分相同"))
def test_relu_grad_at_zero(student):
    x = torch.tensor([-1.0, 0.0, 1.0])
    expect_close(student.relu_grad(x), derivative(torch.relu, x), what=Text("relu_grad(x) for x = [-1, 0, 1] (should be [0, 0, 1])", "x = [-1, 0, 1] 时的 relu_grad(x)（应为 [0, 0, 1]）"),
                 inputs=[x], hints=[Hint(Text("relu_grad(0) is 0 (d2l: at 0 take the left derivative): use x > 0, not x >= 0", "relu_grad(0) 为 0（d2l：在 0 处取左导数）：请用 x > 0，而不是 x >= 0"),
                                         torch.tensor([0.0, 1.0, 1.0]))])

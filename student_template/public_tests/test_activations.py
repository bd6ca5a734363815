"""Public tests for activations: run them with `autograder check activations`.

The hidden tests check much more (random shapes and dtypes, saturation at +-1000 and +-inf in float16/32/64,
gradients through your activations at 0 and at +-1000, other negative slopes, inputs left untouched, speed,
CUDA); passing these is a start, not a guarantee.
"""
import torch
import torch.nn.functional as F

from autograder.spec import Hint, expect_close, expect_gradients, graded

X = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0])
X_TEXT = "x = [-2, -1, -0.5, 0, 0.5, 1, 2]"
LARGE = torch.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0])
LARGE_TEXT = "x = [-1000, -50, 0, 50, 1000]"


def derivative(fn, x):
    """What autograd gives: d/dx fn(x), elementwise."""
    leaf = x.detach().clone().requires_grad_(True)
    return torch.autograd.grad(fn(leaf).sum(), leaf)[0]


@graded(1, "sigmoid", "sigmoid of a small example matches torch.sigmoid")
def test_sigmoid_small(student):
    expect_close(student.sigmoid(X), torch.sigmoid(X), what=f"sigmoid(x) for {X_TEXT}", inputs=[X],
                 hints=[Hint("sigmoid(x) = 1 / (1 + exp(-x)): mind the minus sign", torch.sigmoid(-X))])


@graded(1, "sigmoid", "sigmoid saturates without nan: sigmoid(-1000) = 0, sigmoid(1000) = 1")
def test_sigmoid_large(student):
    expect_close(student.sigmoid(LARGE), torch.sigmoid(LARGE), what=f"sigmoid(x) for {LARGE_TEXT} (should be [0, ~0, 0.5, 1, 1])",
                 inputs=[LARGE])


@graded(1, "tanh", "tanh of a small example matches torch.tanh")
def test_tanh_small(student):
    expect_close(student.tanh(X), torch.tanh(X), what=f"tanh(x) for {X_TEXT}", inputs=[X])


@graded(1, "tanh", "tanh saturates without nan: tanh(-1000) = -1, tanh(1000) = 1")
def test_tanh_large(student):
    expect_close(student.tanh(LARGE), torch.tanh(LARGE), what=f"tanh(x) for {LARGE_TEXT} (should be [-1, -1, 0, 1, 1])",
                 inputs=[LARGE])


@graded(1, "relu", "relu of a small example matches torch.relu")
def test_relu_small(student):
    expect_close(student.relu(X), torch.relu(X), what=f"relu(x) for {X_TEXT}", inputs=[X])


@graded(1, "relu", "the gradient through relu is 0 at x = 0, like torch.relu's")
def test_relu_gradient_at_zero(student):
    x = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64)
    ones = torch.ones(3, dtype=torch.float64)
    expect_gradients(student, "relu", x, reference=torch.relu, grad_output=ones,
                     what="relu(x) for x = [-1, 0, 2] (float64; the gradient should be [0, 0, 1])",
                     hints=[Hint("x.clamp(min=0) has derivative 1 at x = 0 and torch.maximum(x, 0) has 0.5; torch.relu's is 0 "
                                 "(d2l: at 0 take the left derivative). Use torch.where(x > 0, x, 0)",
                                 torch.tensor([0.0, 1.0, 1.0], dtype=torch.float64)),
                            Hint("x.clamp(min=0) has derivative 1 at x = 0 and torch.maximum(x, 0) has 0.5; torch.relu's is 0 "
                                 "(d2l: at 0 take the left derivative). Use torch.where(x > 0, x, 0)",
                                 torch.tensor([0.0, 0.5, 1.0], dtype=torch.float64))])


@graded(1, "leaky_relu", "leaky_relu with the default negative_slope (0.01) matches F.leaky_relu")
def test_leaky_relu_default(student):
    expect_close(student.leaky_relu(X), F.leaky_relu(X), what=f"leaky_relu(x) for {X_TEXT}", inputs=[X],
                 hints=[Hint("negative inputs are multiplied by negative_slope, positive ones kept", F.leaky_relu(-X))])


@graded(1, "leaky_relu", "leaky_relu honours negative_slope=0.2")
def test_leaky_relu_slope(student):
    expect_close(student.leaky_relu(X, negative_slope=0.2), F.leaky_relu(X, negative_slope=0.2),
                 what=f"leaky_relu(x, negative_slope=0.2) for {X_TEXT}", inputs=[X],
                 hints=[Hint("use the negative_slope argument, not a fixed 0.01", F.leaky_relu(X, negative_slope=0.01))])


@graded(1, "sigmoid_grad", "sigmoid_grad of a small example matches autograd (0.25 at 0)")
def test_sigmoid_grad_small(student):
    s = torch.sigmoid(X)
    expect_close(student.sigmoid_grad(X), derivative(torch.sigmoid, X), what=f"sigmoid_grad(x) for {X_TEXT}", inputs=[X],
                 hints=[Hint("the derivative is sigmoid(x) * (1 - sigmoid(x)): a minus, not a plus", s * (1 + s)),
                        Hint("you returned sigmoid(x) itself, not its derivative", s)])


@graded(1, "sigmoid_grad", "sigmoid_grad is 0, not nan, at +-1000")
def test_sigmoid_grad_large(student):
    expect_close(student.sigmoid_grad(LARGE), derivative(torch.sigmoid, LARGE),
                 what=f"sigmoid_grad(x) for {LARGE_TEXT} (should be [0, ~0, 0.25, ~0, 0])", inputs=[LARGE])


@graded(1, "tanh_grad", "tanh_grad of a small example matches autograd (1 at 0)")
def test_tanh_grad_small(student):
    t = torch.tanh(X)
    expect_close(student.tanh_grad(X), derivative(torch.tanh, X), what=f"tanh_grad(x) for {X_TEXT}", inputs=[X],
                 hints=[Hint("the derivative is 1 - tanh(x) ** 2: square tanh", 1 - t),
                        Hint("the derivative is 1 - tanh(x) ** 2, with a minus", 1 + t * t)])


@graded(1, "tanh_grad", "tanh_grad is 0, not nan, at +-1000")
def test_tanh_grad_large(student):
    expect_close(student.tanh_grad(LARGE), derivative(torch.tanh, LARGE),
                 what=f"tanh_grad(x) for {LARGE_TEXT} (should be [0, 0, 1, 0, 0])", inputs=[LARGE])


@graded(1, "relu_grad", "relu_grad of a small example matches autograd")
def test_relu_grad_small(student):
    x = torch.tensor([-2.0, -1.0, 0.5, 3.0])
    expect_close(student.relu_grad(x), derivative(torch.relu, x), what="relu_grad(x) for x = [-2, -1, 0.5, 3] (float32)",
                 inputs=[x], hints=[Hint("you returned relu(x) itself, not its derivative", torch.relu(x))])


@graded(1, "relu_grad", "relu_grad(0) is 0, like autograd through torch.relu")
def test_relu_grad_at_zero(student):
    x = torch.tensor([-1.0, 0.0, 1.0])
    expect_close(student.relu_grad(x), derivative(torch.relu, x), what="relu_grad(x) for x = [-1, 0, 1] (should be [0, 0, 1])",
                 inputs=[x], hints=[Hint("relu_grad(0) is 0 (d2l: at 0 take the left derivative): use x > 0, not x >= 0",
                                         torch.tensor([0.0, 1.0, 1.0]))])

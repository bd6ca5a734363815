"""Public tests for linear_regression: run them with `autograder check linear_regression`.

They use the book's thermometer data. The hidden tests check much more (random shapes and data,
float32/float64, scalar and broadcast w and b, gradients against autograd, gradient descent against
torch.optim.SGD, inputs left untouched, speed, CUDA); passing these is a start, not a guarantee.
"""
import torch

from autograder.spec import Hint, Mismatch, Text, expect_close, graded

T_C = torch.tensor([0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0])
T_U = torch.tensor([35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4])
W, B = torch.tensor(1.0), torch.tensor(0.0)
T_P = W * T_U + B


def sgd(n_epochs, learning_rate, params, t_u, t_c):
    """The counterpart of training_loop: torch.optim.SGD on autograd's gradients, full batch."""
    params = params.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([params], lr=learning_rate)
    for _ in range(n_epochs):
        loss = ((params[0] * t_u + params[1] - t_c) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return params.detach()


def gradient_ascent(n_epochs, learning_rate, params, t_u, t_c):
    """A known mistake: moving WITH the gradient."""
    for _ in range(n_epochs):
        d = 2 * (params[0] * t_u + params[1] - t_c) / t_u.numel()
        params = params + learning_rate * torch.stack([(d * t_u).sum(), d.sum()])
    return params


@graded(1, "model", Text("model(t_u, w=1.0, b=0.0) on the book's readings returns t_u itself", "在书中的读数上，model(t_u, w=1.0, b=0.0) 返回 t_u 本身"))
def test_model_book(student):
    expect_close(student.model(T_U, W, B), T_P, what=Text("model(t_u, w, b) for the book's t_u, w = tensor(1.0), b = tensor(0.0)", "书中的 t_u、w = tensor(1.0)、b = tensor(0.0) 时的 model(t_u, w, b)"),
                 inputs=[T_U])


@graded(1, "loss_fn", Text("loss_fn on the book's data at w=1, b=0 gives 1763.8848 (mean squared error)", "在书中的数据上，w=1、b=0 时 loss_fn 为 1763.8848（均方误差）"))
def test_loss_book(student):
    expect_close(student.loss_fn(T_P, T_C), ((T_P - T_C) ** 2).mean(), rtol=1e-5,
                 what=Text("loss_fn(t_p, t_c) for the book's data with t_p = t_u (should be 1763.8848)", "书中的数据、t_p = t_u 时的 loss_fn(t_p, t_c)（应为 1763.8848）"), inputs=[T_P, T_C],
                 hints=[Hint(Text("take the mean over the data points, not the sum", "对数据点取平均，而不是求和"), ((T_P - T_C) ** 2).sum()),
                        Hint(Text("this book's loss has no factor 1/2", "本书的损失函数没有 1/2 因子"), ((T_P - T_C) ** 2).mean() / 2)])


@graded(2, "grad_fn", Text("grad_fn on the book's data at w=1, b=0 gives [4517.2969, 82.6000], like autograd", "在书中的数据上，w=1、b=0 时 grad_fn 为 [4517.2969, 82.6000]，与自动微分相同"))
def test_grad_book(student):
    w, b = W.clone().requires_grad_(True), B.clone().requires_grad_(True)
    expected = torch.stack(torch.autograd.grad((((w * T_U + b) - T_C) ** 2).mean(), [w, b]))
    expect_close(student.grad_fn(T_U, T_C, T_P, W, B), expected, rtol=1e-5,
                 what=Text("grad_fn(t_u, t_c, t_p, w, b) for the book's data at w = 1, b = 0", "书中的数据、w = 1、b = 0 时的 grad_fn(t_u, t_c, t_p, w, b)"), inputs=[T_U, T_C],
                 hints=[Hint(Text("dL/dt_p = 2 * (t_p - t_c) / N: the factor 2 comes from the square", "dL/dt_p = 2 * (t_p - t_c) / N：因子 2 来自平方"), expected / 2),
                        Hint(Text("L is a MEAN: divide by the number of points", "L 是平均值：要除以数据点的个数"), expected * T_U.numel()),
                        Hint(Text("dL/db = sum(dL/dt_p), since dt_p/db = 1 (not t_u)", "dL/db = sum(dL/dt_p)，因为 dt_p/db = 1（不是 t_u）"), torch.stack([expected[0], expected[0]]))])


@graded(1, "training_loop", Text("the book's run: 5000 epochs, lr 1e-2 on 0.1 * t_u give w = 5.3671, b = -17.3012, loss 2.9276", "书中的训练：在 0.1 * t_u 上以学习率 1e-2 训练 5000 轮，得到 w = 5.3671、b = -17.3012、损失 2.9276"))
def test_training_book(student):
    t_un = 0.1 * T_U
    params = student.training_loop(n_epochs=5000, learning_rate=1e-2, params=torch.tensor([1.0, 0.0]), t_u=t_un, t_c=T_C)
    # What sgd(5000, 1e-2, torch.tensor([1.0, 0.0]), t_un, T_C) gives in float32 (stored: 5000 epochs take a while);
    # the loss there is 2.9276.
    expected = torch.tensor([5.367084503173828, -17.301193237304688])
    expect_close(params, expected, rtol=1e-5, atol=1e-4,
                 what=Text("training_loop(5000, 1e-2, tensor([1.0, 0.0]), 0.1 * t_u, t_c) (should be about [5.3671, -17.3012])", "training_loop(5000, 1e-2, tensor([1.0, 0.0]), 0.1 * t_u, t_c)（应约为 [5.3671, -17.3012]）"),
                 inputs=[t_un, T_C],
                 hints=[Hint(Text("move AGAINST the gradient: params - learning_rate * grad", "沿梯度的反方向移动：params - learning_rate * grad"), lambda: gradient_ascent(5000, 1e-2, torch.tensor([1.0, 0.0]), t_un, T_C))])


@graded(1, "training_loop", Text("the book's warning: lr 1e-2 on the raw t_u diverges (about 3.2e17 after 10 epochs, inf/nan after 100)", "书中的警告：在原始 t_u 上学习率 1e-2 会发散（10 轮后约 3.2e17，100 轮后为 inf/nan）"))
def test_training_diverges(student, credit):
    with credit.case(Text("10 epochs", "10 轮")):
        params = student.training_loop(n_epochs=10, learning_rate=1e-2, params=torch.tensor([1.0, 0.0]), t_u=T_U, t_c=T_C)
        expect_close(params, sgd(10, 1e-2, torch.tensor([1.0, 0.0]), T_U, T_C), rtol=1e-5,
                     what=Text("training_loop(10, 1e-2, tensor([1.0, 0.0]), t_u, t_c) on the raw readings (should be about "
                          "[3.2144e17, 5.6621e15], like torch.optim.SGD)", "原始读数上的 training_loop(10, 1e-2, tensor([1.0, 0.0]), t_u, t_c)（应约为 "
                          "[3.2144e17, 5.6621e15]，与 torch.optim.SGD 相同）"), inputs=[T_U, T_C])
    with credit.case(Text("100 epochs", "100 轮")):
        params = student.training_loop(n_epochs=100, learning_rate=1e-2, params=torch.tensor([1.0, 0.0]), t_u=T_U, t_c=T_C)
        if not isinstance(params, torch.Tensor) or params.shape != (2,):
            raise Mismatch(Text("training_loop(100, 1e-2, tensor([1.0, 0.0]), t_u, t_c) should return a tensor of shape (2,)", "training_loop(100, 1e-2, tensor([1.0, 0.0]), t_u, t_c) 应返回形状为 (2,) 的张量"))
        if torch.isfinite(params).any():
            raise Mismatch(Text("training_loop(100, 1e-2, tensor([1.0, 0.0]), t_u, t_c) on the raw readings should overflow to "
                           "inf/nan like torch.optim.SGD does; yours stayed finite (do not clamp or stop early)", "原始读数上的 training_loop(100, 1e-2, tensor([1.0, 0.0]), t_u, t_c) 应像 torch.optim.SGD 一样"
                           "上溢为 inf/nan；你的结果仍是有限值（不要截断或提前停止）"))

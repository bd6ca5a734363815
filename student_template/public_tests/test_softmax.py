"""Public tests for softmax: run them with `autograder check softmax`.

The hidden tests check much more (random shapes and dims, gradients, stability at +-1000, -inf
masks, speed, CUDA); passing these is a start, not a guarantee.
隐藏测试检查得更多（随机形状和维度、梯度、±1000 处的数值稳定性、-inf 掩码、速度、CUDA）；
通过这些公开测试只是开始，并不保证满分。
"""
import torch

from autograder.spec import Hint, Text, expect_close, graded

X = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
WRONG_DIM = Text("you normalised over dim 0; use the dim argument", "你沿 dim 0 做了归一化；请使用参数 dim")


@graded(1, "softmax", Text("softmax of a small example matches torch.softmax", "小例子上的 softmax 与 torch.softmax 一致"))
def test_softmax_small(student):
    expect_close(student.softmax(X, dim=1), torch.softmax(X, dim=1),
                 what=Text("softmax(x, dim=1) for x = [[1, 2, 3], [1, 1, 1]]", "x = [[1, 2, 3], [1, 1, 1]] 时的 softmax(x, dim=1)"),
                 inputs=[X], hints=[Hint(WRONG_DIM, torch.softmax(X, dim=0)),
                                    Hint(Text("divide exp(x) by its sum along dim", "把 exp(x) 除以它沿 dim 的和"), X.exp())])


@graded(1, "log_softmax", Text("log_softmax of a small example matches torch.log_softmax",
                               "小例子上的 log_softmax 与 torch.log_softmax 一致"))
def test_log_softmax_small(student):
    expect_close(student.log_softmax(X, dim=1), torch.log_softmax(X, dim=1),
                 what=Text("log_softmax(x, dim=1) for x = [[1, 2, 3], [1, 1, 1]]", "x = [[1, 2, 3], [1, 1, 1]] 时的 log_softmax(x, dim=1)"),
                 inputs=[X], hints=[Hint(WRONG_DIM, torch.log_softmax(X, dim=0))])


@graded(1, "logsumexp", Text("logsumexp of a small example matches torch.logsumexp", "小例子上的 logsumexp 与 torch.logsumexp 一致"))
def test_logsumexp_small(student):
    expect_close(student.logsumexp(X, dim=1), torch.logsumexp(X, dim=1),
                 what=Text("logsumexp(x, dim=1) for x = [[1, 2, 3], [1, 1, 1]]", "x = [[1, 2, 3], [1, 1, 1]] 时的 logsumexp(x, dim=1)"),
                 inputs=[X], hints=[Hint(Text("you reduced over dim 0; use the dim argument", "你沿 dim 0 做了归约；请使用参数 dim"),
                                         torch.logsumexp(X, dim=0))])


@graded(1, "softmax", Text("softmax does not overflow at logits of 1000", "logits 为 1000 时 softmax 不会上溢"))
def test_softmax_large(student):
    x = torch.tensor([[1000.0, 999.0, 0.0]])
    expect_close(student.softmax(x, dim=-1), torch.softmax(x, dim=-1),
                 what=Text("softmax(x) for x = [[1000, 999, 0]] (float32)", "x = [[1000, 999, 0]]（float32）时的 softmax(x)"),
                 inputs=[x])

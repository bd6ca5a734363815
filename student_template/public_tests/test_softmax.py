"""Public tests for softmax: run them with `autograder check softmax`.

The hidden tests check much more (random shapes and dims, gradients, stability at +-1000, -inf
masks, speed, CUDA); passing these is a start, not a guarantee.
"""
import torch

from autograder.spec import Hint, expect_close, graded

X = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])


@graded(1, "softmax", "softmax of a small example matches torch.softmax")
def test_softmax_small(student):
    expect_close(student.softmax(X, dim=1), torch.softmax(X, dim=1), what="softmax(x, dim=1) for x = [[1, 2, 3], [1, 1, 1]]",
                 inputs=[X], hints=[Hint("you normalised over dim 0; use the dim argument", torch.softmax(X, dim=0)),
                                    Hint("divide exp(x) by its sum along dim", X.exp())])


@graded(1, "log_softmax", "log_softmax of a small example matches torch.log_softmax")
def test_log_softmax_small(student):
    expect_close(student.log_softmax(X, dim=1), torch.log_softmax(X, dim=1), what="log_softmax(x, dim=1) for x = [[1, 2, 3], [1, 1, 1]]",
                 inputs=[X], hints=[Hint("you normalised over dim 0; use the dim argument", torch.log_softmax(X, dim=0))])


@graded(1, "logsumexp", "logsumexp of a small example matches torch.logsumexp")
def test_logsumexp_small(student):
    expect_close(student.logsumexp(X, dim=1), torch.logsumexp(X, dim=1), what="logsumexp(x, dim=1) for x = [[1, 2, 3], [1, 1, 1]]",
                 inputs=[X], hints=[Hint("you reduced over dim 0; use the dim argument", torch.logsumexp(X, dim=0))])


@graded(1, "softmax", "softmax does not overflow at logits of 1000")
def test_softmax_large(student):
    x = torch.tensor([[1000.0, 999.0, 0.0]])
    expect_close(student.softmax(x, dim=-1), torch.softmax(x, dim=-1), what="softmax(x) for x = [[1000, 999, 0]] (float32)",
                 inputs=[x])

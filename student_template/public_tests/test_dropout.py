"""Public tests for dropout: run them with `autograder check dropout`.

The hidden tests check much more (random shapes and p, statistics of the mask, independence between
calls, p = 0 and p = 1, ValueError, gradients, dtypes, the MLP's layers in training mode, training
on a small data set, speed, CUDA); passing these is a start, not a guarantee.

Randomness is judged by statistics: a correct dropout fails a statistical test with probability at
most 1e-6 (bounds from the exact binomial distribution).
"""
import torch
from scipy import stats

from autograder.spec import Hint, Mismatch, describe, expect_close, expect_tensor_like, graded

X = torch.linspace(1.0, 2.0, 10000).reshape(100, 100)  # no zeros: a zero in the result means "dropped"


def check_dropout(out, x, p, what):
    """Every element 0 or x / (1 - p), and the number of zeros within exact binomial bounds (false-failure rate 1e-6)."""
    expect_tensor_like(out, x, what)
    kept = out != 0
    expect_close(out[kept], (x / (1 - p))[kept], what=f"{what}: the nonzero elements", inputs=[x],
                 hints=[Hint("kept elements must be multiplied by 1 / (1 - p)", x[kept]),
                        Hint("divide the kept elements by 1 - p, not by p", x[kept] / p)])
    lo, hi = stats.binom.ppf(0.5e-6, x.numel(), p), stats.binom.isf(0.5e-6, x.numel(), p)
    dropped = int((~kept).sum())
    if not lo <= dropped <= hi:
        raise Mismatch(f"{what}: you zeroed {dropped / x.numel():.1%} of the elements; each must be zeroed with probability p = {p}")


@graded(1, "dropout", "dropout(x, p) zeros about p of the elements and scales the rest by 1/(1-p)")
def test_dropout_statistics(student):
    """False-failure rate 1e-6."""
    check_dropout(student.dropout(X, 0.3), X, 0.3, what=f"dropout(x, p=0.3) for x {describe(X)}")


@graded(1, "dropout", "dropout returns x unchanged when training=False")
def test_dropout_not_training(student):
    expect_close(student.dropout(X, 0.5, training=False), X, rtol=0, atol=0,
                 what=f"dropout(x, p=0.5, training=False) for x {describe(X)}")


@graded(1, "Dropout", "Dropout(0.5) in training mode zeros about half of the elements and doubles the rest")
def test_Dropout_train(student):
    """False-failure rate 1e-6."""
    facts = student.scenario("dropout_layer_facts", X, 0.5)
    check_dropout(facts["train"][0], X, 0.5, what=f"Dropout(0.5)(x) for x {describe(X)}")


@graded(1, "Dropout", "Dropout is an nn.Module; after .eval() it returns its input unchanged")
def test_Dropout_eval(student):
    facts = student.scenario("dropout_layer_facts", X, 0.5)
    if not facts["is_module"]:
        raise Mismatch("Dropout(0.5) is not an nn.Module: write class Dropout(nn.Module)")
    expect_close(facts["eval"][0], X, rtol=0, atol=0, what=f"Dropout(0.5)(x) after .eval() for x {describe(X)}")


@graded(1, "MLP", "MLP() has Linear(784, 256), Linear(256, 256), Linear(256, 10): 269,322 parameters")
def test_MLP_default_structure(student):
    facts = student.scenario("mlp_structure", None)
    if not facts["is_module"]:
        raise Mismatch("MLP() is not an nn.Module")
    linears = [tuple(layer[:2]) for layer in facts["linears"]]
    if linears != [(784, 256), (256, 256), (256, 10)]:
        raise Mismatch(f"MLP() should have nn.Linear layers (784 -> 256), (256 -> 256), (256 -> 10) in this order; yours: {linears}")
    if facts["parameters"] != 269322:
        raise Mismatch(f"MLP() has {facts['parameters']} parameters; the three Linear layers have 269322 (dropout has none)")


@graded(1, "MLP", "MLP in eval mode is deterministic, in training mode random")
def test_MLP_modes(student):
    x = torch.randn(8, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    evaluation = student.scenario("mlp_forward", None, None, x, "eval", 2)["outputs"]
    expect_tensor_like(evaluation[0], torch.empty(8, 10), f"MLP()(x) for x {describe(x)}")
    if not torch.equal(evaluation[0], evaluation[1]):
        raise Mismatch(f"MLP() after .eval() gave two different outputs on x {describe(x)}: no dropout in eval mode")
    training = student.scenario("mlp_forward", None, None, x, "train", 2)["outputs"]
    if torch.equal(training[0], training[1]):
        raise Mismatch(f"MLP() in training mode gave the same output twice on x {describe(x)}: dropout must be active")

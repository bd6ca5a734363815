"""Public tests for dropout: run them with `autograder check dropout`.

The hidden tests check much more (random shapes and p, statistics of the mask, independence between
calls, p = 0 and p = 1, ValueError, gradients, dtypes, the MLP's layers in training mode, training
on a small data set, speed, CUDA); passing these is a start, not a guarantee.

Randomness is judged by statistics: a correct dropout fails a statistical test with probability at
most 1e-6 (bounds from the exact binomial distribution).
"""
import torch
from scipy import stats

from autograder.spec import Hint, Mismatch, Text, describe, expect_close, expect_tensor_like, graded

X = torch.linspace(1.0, 2.0, 10000).reshape(100, 100)  # no zeros: a zero in the result means "dropped"


def check_dropout(out, x, p, what):
    """Every element 0 or x / (1 - p), and the number of zeros within exact binomial bounds (false-failure rate 1e-6)."""
    expect_tensor_like(out, x, what)
    kept = out != 0
    expect_close(out[kept], (x / (1 - p))[kept], what=Text(f"{what}: the nonzero elements", f"{what}：非零元素"), inputs=[x],
                 hints=[Hint(Text("kept elements must be multiplied by 1 / (1 - p)", "保留的元素必须乘以 1 / (1 - p)"), x[kept]),
                        Hint(Text("divide the kept elements by 1 - p, not by p", "保留的元素应除以 1 - p，而不是 p"), x[kept] / p)])
    lo, hi = stats.binom.ppf(0.5e-6, x.numel(), p), stats.binom.isf(0.5e-6, x.numel(), p)
    dropped = int((~kept).sum())
    if not lo <= dropped <= hi:
        raise Mismatch(Text(f"{what}: you zeroed {dropped / x.numel():.1%} of the elements; each must be zeroed with probability p = {p}", f"{what}：你把 {dropped / x.numel():.1%} 的元素置零了；每个元素应以概率 p = {p} 被置零"))


@graded(1, "dropout", Text("dropout(x, p) zeros about p of the elements and scales the rest by 1/(1-p)", "dropout(x, p)（暂退法）把约 p 比例的元素置零，其余元素乘以 1/(1-p)"))
def test_dropout_statistics(student):
    """False-failure rate 1e-6."""
    check_dropout(student.dropout(X, 0.3), X, 0.3, what=Text(f"dropout(x, p=0.3) for x {describe(X)}", f"x 为{describe(X)}时的 dropout(x, p=0.3)"))


@graded(1, "dropout", Text("dropout returns x unchanged when training=False", "training=False 时 dropout 原样返回 x"))
def test_dropout_not_training(student):
    expect_close(student.dropout(X, 0.5, training=False), X, rtol=0, atol=0,
                 what=Text(f"dropout(x, p=0.5, training=False) for x {describe(X)}", f"x 为{describe(X)}时的 dropout(x, p=0.5, training=False)"))


@graded(1, "Dropout", Text("Dropout(0.5) in training mode zeros about half of the elements and doubles the rest", "训练模式下 Dropout(0.5) 把约一半元素置零，其余元素加倍"))
def test_Dropout_train(student):
    """False-failure rate 1e-6."""
    facts = student.scenario("dropout_layer_facts", X, 0.5)
    check_dropout(facts["train"][0], X, 0.5, what=Text(f"Dropout(0.5)(x) for x {describe(X)}", f"x 为{describe(X)}时的 Dropout(0.5)(x)"))


@graded(1, "Dropout", Text("Dropout is an nn.Module; after .eval() it returns its input unchanged", "Dropout 是一个 nn.Module；调用 .eval() 后原样返回输入"))
def test_Dropout_eval(student):
    facts = student.scenario("dropout_layer_facts", X, 0.5)
    if not facts["is_module"]:
        raise Mismatch(Text("Dropout(0.5) is not an nn.Module: write class Dropout(nn.Module)", "Dropout(0.5) 不是 nn.Module：请写 class Dropout(nn.Module)"))
    expect_close(facts["eval"][0], X, rtol=0, atol=0, what=Text(f"Dropout(0.5)(x) after .eval() for x {describe(X)}", f"x 为{describe(X)}时，调用 .eval() 后的 Dropout(0.5)(x)"))


@graded(1, "MLP", Text("MLP() has Linear(784, 256), Linear(256, 256), Linear(256, 10): 269,322 parameters", "MLP() 有 Linear(784, 256)、Linear(256, 256)、Linear(256, 10)：共 269,322 个参数"))
def test_MLP_default_structure(student):
    facts = student.scenario("mlp_structure", None)
    if not facts["is_module"]:
        raise Mismatch(Text("MLP() is not an nn.Module", "MLP() 不是 nn.Module"))
    linears = [tuple(layer[:2]) for layer in facts["linears"]]
    if linears != [(784, 256), (256, 256), (256, 10)]:
        raise Mismatch(Text(f"MLP() should have nn.Linear layers (784 -> 256), (256 -> 256), (256 -> 10) in this order; yours: {linears}", f"MLP() 应依次包含 nn.Linear 层 (784 -> 256)、(256 -> 256)、(256 -> 10)；你的是：{linears}"))
    if facts["parameters"] != 269322:
        raise Mismatch(Text(f"MLP() has {facts['parameters']} parameters; the three Linear layers have 269322 (dropout has none)", f"MLP() 有 {facts['parameters']} 个参数；三个 Linear 层共有 269322 个（dropout 没有参数）"))


@graded(1, "MLP", Text("MLP in eval mode is deterministic, in training mode random", "MLP 在评估模式下是确定的，在训练模式下是随机的"))
def test_MLP_modes(student):
    x = torch.randn(8, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    evaluation = student.scenario("mlp_forward", None, None, x, "eval", 2)["outputs"]
    expect_tensor_like(evaluation[0], torch.empty(8, 10), f"MLP()(x) for x {describe(x)}")
    if not torch.equal(evaluation[0], evaluation[1]):
        raise Mismatch(Text(f"MLP() after .eval() gave two different outputs on x {describe(x)}: no dropout in eval mode", f"调用 .eval() 后，MLP() 对 x（{describe(x)}）给出了两个不同的输出：评估模式下不应使用暂退法"))
    training = student.scenario("mlp_forward", None, None, x, "train", 2)["outputs"]
    if torch.equal(training[0], training[1]):
        raise Mismatch(Text(f"MLP() in training mode gave the same output twice on x {describe(x)}: dropout must be active", f"训练模式下，MLP() 对 x（{describe(x)}）两次给出相同的输出：暂退法必须生效"))

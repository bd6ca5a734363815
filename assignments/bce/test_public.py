"""Public tests for bce: run them with `autograder check bce`.

The hidden tests check much more (random shapes, soft targets, weight and pos_weight broadcasting,
the three reductions, probabilities of exactly 0 and 1, logits of +-1000, size-mismatch errors,
gradients, speed, CUDA); passing these is a start, not a guarantee.
"""
import torch
import torch.nn.functional as F

from autograder.spec import Hint, Text, expect_close, graded

# The course's worked example: three logits and their 0/1 labels.
LOGITS = torch.tensor([-0.7001, -0.7231, -0.2049])
LABELS = torch.tensor([0.0, 0.0, 1.0])
PROBS = torch.tensor([0.9, 0.2, 0.6, 0.5])
TARGETS = torch.tensor([1.0, 0.0, 1.0, 0.0])


@graded(1, "binary_cross_entropy", Text("binary_cross_entropy of a small example matches F.binary_cross_entropy", "小例子上的 binary_cross_entropy（二元交叉熵）与 F.binary_cross_entropy 一致"))
def test_bce_small(student):
    expect_close(student.binary_cross_entropy(PROBS, TARGETS), F.binary_cross_entropy(PROBS, TARGETS),
                 what=Text("binary_cross_entropy(p, y) for p = [0.9, 0.2, 0.6, 0.5], y = [1, 0, 1, 0]", "p = [0.9, 0.2, 0.6, 0.5]、y = [1, 0, 1, 0] 时的 binary_cross_entropy(p, y)"), inputs=[PROBS],
                 hints=[Hint(Text("the default reduction is 'mean', not 'sum'", "默认的 reduction 是 'mean'，不是 'sum'"), F.binary_cross_entropy(PROBS, TARGETS, reduction="sum")),
                        Hint(Text("the loss is MINUS the log-likelihood", "损失是对数似然的相反数（负对数似然）"), -F.binary_cross_entropy(PROBS, TARGETS))])


@graded(1, "binary_cross_entropy", Text("binary_cross_entropy honours reduction='none' and 'sum'", "binary_cross_entropy 遵循 reduction='none' 和 'sum'"))
def test_bce_reductions(student, credit):
    for reduction in ("none", "sum"):
        with credit.case(Text(f"reduction={reduction!r}", f"reduction={reduction!r}")):
            expect_close(student.binary_cross_entropy(PROBS, TARGETS, reduction=reduction),
                         F.binary_cross_entropy(PROBS, TARGETS, reduction=reduction),
                         what=Text(f"binary_cross_entropy(p, y, reduction={reduction!r}) for p = [0.9, 0.2, 0.6, 0.5], y = [1, 0, 1, 0]", f"p = [0.9, 0.2, 0.6, 0.5]、y = [1, 0, 1, 0] 时的 binary_cross_entropy(p, y, reduction={reduction!r})"),
                         inputs=[PROBS])


@graded(1, "binary_cross_entropy_with_logits", Text("the course's worked example: logits [-0.7001, -0.7231, -0.2049], labels [0, 0, 1] give 0.5332", "课程中的例题：logits [-0.7001, -0.7231, -0.2049]、标签 [0, 0, 1] 得到 0.5332"))
def test_logits_course_example(student):
    # F.binary_cross_entropy_with_logits(LOGITS, LABELS) == 0.5332 with the default reduction "mean"
    # (the sum is 1.5996).
    expect_close(student.binary_cross_entropy_with_logits(LOGITS, LABELS), torch.tensor(0.5332), atol=5e-5, rtol=0,
                 what=Text("binary_cross_entropy_with_logits(x, y) for x = [-0.7001, -0.7231, -0.2049], y = [0, 0, 1] (should be 0.5332)", "x = [-0.7001, -0.7231, -0.2049]、y = [0, 0, 1] 时的 binary_cross_entropy_with_logits(x, y)（应为 0.5332）"),
                 inputs=[LOGITS],
                 hints=[Hint(Text("the default reduction is 'mean', not 'sum'", "默认的 reduction 是 'mean'，不是 'sum'"), F.binary_cross_entropy_with_logits(LOGITS, LABELS, reduction="sum"))])


@graded(1, "binary_cross_entropy_with_logits", Text("binary_cross_entropy_with_logits is finite and exact at logits of +-1000", "logits 为 ±1000 时 binary_cross_entropy_with_logits 有限且精确"))
def test_logits_large(student):
    x = torch.tensor([1000.0, -1000.0, 1000.0, -1000.0])
    y = torch.tensor([1.0, 0.0, 0.0, 1.0])
    expect_close(student.binary_cross_entropy_with_logits(x, y, reduction="none"),
                 F.binary_cross_entropy_with_logits(x, y, reduction="none"),
                 what=Text("binary_cross_entropy_with_logits(x, y, reduction='none') for x = [1000, -1000, 1000, -1000], "
                      "y = [1, 0, 0, 1] (should be [0, 0, 1000, 1000])", "x = [1000, -1000, 1000, -1000]、y = [1, 0, 0, 1] 时的 "
                      "binary_cross_entropy_with_logits(x, y, reduction='none')（应为 [0, 0, 1000, 1000]）"), inputs=[x])

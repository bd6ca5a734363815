"""Public tests for regression: run them with `autograder check regression`.

The hidden tests check much more (random shapes and dtypes, broadcasting and its errors, the three
reductions and an unknown one, beta = 0 and small beta, delta, gradients also at the kinks, inputs left
untouched, speed, CUDA); passing these is a start, not a guarantee.
"""
import torch
import torch.nn.functional as F

from autograder.spec import Hint, Text, expect_close, graded

# The course's worked example: four predictions and their targets (d = [-0.5, 0.5, 0, 1]).
PRED = torch.tensor([2.5, 0.0, 2.0, 8.0])
TARGET = torch.tensor([3.0, -0.5, 2.0, 7.0])
EXAMPLE = "input = [2.5, 0, 2, 8], target = [3, -0.5, 2, 7]"


@graded(1, "l1_loss", Text("the worked example: l1_loss gives 0.5", "例题：l1_loss 为 0.5"))
def test_l1_example(student):
    expect_close(student.l1_loss(PRED, TARGET), F.l1_loss(PRED, TARGET), what=Text(f"l1_loss(input, target) for {EXAMPLE} (should be 0.5)", f"{EXAMPLE} 时的 l1_loss(input, target)（应为 0.5）"),
                 inputs=[PRED, TARGET],
                 hints=[Hint(Text("the default reduction is 'mean', not 'sum'", "默认的 reduction 是 'mean'，不是 'sum'"), F.l1_loss(PRED, TARGET, reduction="sum"))])


@graded(1, "l1_loss", Text("l1_loss honours reduction='none' and 'sum'", "l1_loss 遵循 reduction='none' 和 'sum'"))
def test_l1_reductions(student, credit):
    for reduction in ("none", "sum"):
        with credit.case(Text(f"reduction={reduction!r}", f"reduction={reduction!r}")):
            expect_close(student.l1_loss(PRED, TARGET, reduction=reduction), F.l1_loss(PRED, TARGET, reduction=reduction),
                         what=Text(f"l1_loss(input, target, reduction={reduction!r}) for {EXAMPLE}", f"{EXAMPLE} 时的 l1_loss(input, target, reduction={reduction!r})"), inputs=[PRED, TARGET])


@graded(1, "mse_loss", Text("the worked example: mse_loss gives 0.375", "例题：mse_loss 为 0.375"))
def test_mse_example(student):
    expect_close(student.mse_loss(PRED, TARGET), F.mse_loss(PRED, TARGET), what=Text(f"mse_loss(input, target) for {EXAMPLE} (should be 0.375)", f"{EXAMPLE} 时的 mse_loss(input, target)（应为 0.375）"),
                 inputs=[PRED, TARGET],
                 hints=[Hint(Text("torch's mse_loss has no factor 1/2 (d2l's squared_loss has one)", "torch 的 mse_loss 没有 1/2 因子（d2l 的 squared_loss 有）"), F.mse_loss(PRED, TARGET) / 2),
                        Hint(Text("the default reduction is 'mean', not 'sum'", "默认的 reduction 是 'mean'，不是 'sum'"), F.mse_loss(PRED, TARGET, reduction="sum"))])


@graded(1, "mse_loss", Text("mse_loss honours reduction='none' and 'sum'", "mse_loss 遵循 reduction='none' 和 'sum'"))
def test_mse_reductions(student, credit):
    for reduction in ("none", "sum"):
        with credit.case(Text(f"reduction={reduction!r}", f"reduction={reduction!r}")):
            expect_close(student.mse_loss(PRED, TARGET, reduction=reduction), F.mse_loss(PRED, TARGET, reduction=reduction),
                         what=Text(f"mse_loss(input, target, reduction={reduction!r}) for {EXAMPLE}", f"{EXAMPLE} 时的 mse_loss(input, target, reduction={reduction!r})"), inputs=[PRED, TARGET],
                         hints=[Hint(Text("torch's mse_loss has no factor 1/2 (d2l's squared_loss has one)", "torch 的 mse_loss 没有 1/2 因子（d2l 的 squared_loss 有）"),
                                     F.mse_loss(PRED, TARGET, reduction=reduction) / 2)])


@graded(1, "smooth_l1_loss", Text("the worked example: smooth_l1_loss gives 0.1875 (beta = 1)", "例题：smooth_l1_loss 为 0.1875（beta = 1）"))
def test_smooth_l1_example(student):
    expect_close(student.smooth_l1_loss(PRED, TARGET), F.smooth_l1_loss(PRED, TARGET),
                 what=Text(f"smooth_l1_loss(input, target) for {EXAMPLE} (should be 0.1875)", f"{EXAMPLE} 时的 smooth_l1_loss(input, target)（应为 0.1875）"), inputs=[PRED, TARGET],
                 hints=[Hint(Text("the default reduction is 'mean', not 'sum'", "默认的 reduction 是 'mean'，不是 'sum'"), F.smooth_l1_loss(PRED, TARGET, reduction="sum"))])


@graded(1, "smooth_l1_loss", Text("smooth_l1_loss honours beta (0.75, 2, and 0: the L1 loss)", "smooth_l1_loss 遵循 beta（0.75、2，以及 0：即 L1 损失）"))
def test_smooth_l1_beta(student, credit):
    d = PRED - TARGET
    for beta in (0.75, 2.0, 0.0):
        ignored = F.smooth_l1_loss(PRED, TARGET, reduction="none", beta=1.0)
        undivided = torch.where(d.abs() < beta, 0.5 * d * d, d.abs() - 0.5 * beta)
        if torch.equal(ignored, undivided):  # here the two mistakes give the same numbers
            hints = [Hint(Text("the quadratic branch is 0.5 * d**2 / beta: divide by beta, and use the beta argument (not 1)", "二次分支是 0.5 * d**2 / beta：要除以 beta，并使用参数 beta（而不是 1）"), ignored)]
        else:
            hints = [Hint(Text("the quadratic branch is 0.5 * d**2 / beta: divide by beta", "二次分支是 0.5 * d**2 / beta：要除以 beta"), undivided),
                     Hint(Text("use the beta argument (you computed beta = 1)", "请使用参数 beta（你算的是 beta = 1）"), ignored)]
        with credit.case(Text(f"beta={beta}", f"beta={beta}")):
            expect_close(student.smooth_l1_loss(PRED, TARGET, reduction="none", beta=beta),
                         F.smooth_l1_loss(PRED, TARGET, reduction="none", beta=beta),
                         what=Text(f"smooth_l1_loss(input, target, reduction='none', beta={beta}) for {EXAMPLE}", f"{EXAMPLE} 时的 smooth_l1_loss(input, target, reduction='none', beta={beta})"), inputs=[PRED, TARGET],
                         hints=hints)


@graded(1, "huber_loss", Text("the worked example: huber_loss gives 0.1875 (delta = 1)", "例题：huber_loss 为 0.1875（delta = 1）"))
def test_huber_example(student):
    expect_close(student.huber_loss(PRED, TARGET), F.huber_loss(PRED, TARGET),
                 what=Text(f"huber_loss(input, target) for {EXAMPLE} (should be 0.1875)", f"{EXAMPLE} 时的 huber_loss(input, target)（应为 0.1875）"), inputs=[PRED, TARGET],
                 hints=[Hint(Text("the default reduction is 'mean', not 'sum'", "默认的 reduction 是 'mean'，不是 'sum'"), F.huber_loss(PRED, TARGET, reduction="sum"))])


@graded(1, "huber_loss", Text("huber_loss honours delta: huber_loss(delta=d) == d * smooth_l1_loss(beta=d)", "huber_loss 遵循 delta：huber_loss(delta=d) == d * smooth_l1_loss(beta=d)"))
def test_huber_delta(student, credit):
    for delta in (0.25, 2.0):
        with credit.case(Text(f"delta={delta}", f"delta={delta}")):
            expect_close(student.huber_loss(PRED, TARGET, reduction="none", delta=delta),
                         F.huber_loss(PRED, TARGET, reduction="none", delta=delta),
                         what=Text(f"huber_loss(input, target, reduction='none', delta={delta}) for {EXAMPLE}", f"{EXAMPLE} 时的 huber_loss(input, target, reduction='none', delta={delta})"), inputs=[PRED, TARGET],
                         hints=[Hint(Text("Huber is delta times Smooth L1 with beta = delta: 0.5 * d**2 (no /delta) inside, "
                                     "delta * (|d| - 0.5 * delta) outside; you computed smooth_l1_loss(beta=delta)", "Huber 损失是 beta = delta 的 Smooth L1 的 delta 倍：内部为 0.5 * d**2（不除以 delta），"
                                     "外部为 delta * (|d| - 0.5 * delta)；你算的是 smooth_l1_loss(beta=delta)"),
                                     F.smooth_l1_loss(PRED, TARGET, reduction="none", beta=delta)),
                                Hint(Text("use the delta argument (you computed delta = 1)", "请使用参数 delta（你算的是 delta = 1）"),
                                     F.huber_loss(PRED, TARGET, reduction="none", delta=1.0))])

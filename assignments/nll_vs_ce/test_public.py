"""Public tests for nll_vs_ce: run them with `autograder check nll_vs_ce`.

The hidden tests check much more (random shapes, all three reductions, class weights, ignore_index,
label smoothing, soft labels, stability at +-1000, gradients, errors, speed, CUDA); passing these is
a start, not a guarantee.
"""
import torch
import torch.nn.functional as F

from autograder.spec import Hint, Text, expect_close, expect_raises, graded

LOGITS = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.0], [0.0, 0.0, 0.0]])
TARGET = torch.tensor([0, 1, 2, 1])
LOG_PROBS = F.log_softmax(LOGITS, dim=1)


@graded(1, "nll_loss", Text("nll_loss of a small example matches F.nll_loss", "小例子上的 nll_loss（负对数似然）与 F.nll_loss 一致"))
def test_nll_loss_small(student):
    expect_close(student.nll_loss(LOG_PROBS, TARGET), F.nll_loss(LOG_PROBS, TARGET),
                 what=Text("nll_loss(log_probs, target) for log_probs = log_softmax of a (4, 3) example, target = [0, 1, 2, 1]", "log_probs 为一个 (4, 3) 例子的 log_softmax、target = [0, 1, 2, 1] 时的 nll_loss(log_probs, target)"),
                 inputs=[LOG_PROBS],
                 hints=[Hint(Text("the loss is the NEGATIVE log-likelihood: put a minus sign in front", "损失是负对数似然：前面要加负号"), -F.nll_loss(LOG_PROBS, TARGET)),
                        Hint(Text("pick one entry per row, log_probs[i, target[i]], not the whole row", "每行只取一个元素 log_probs[i, target[i]]，而不是整行"), -LOG_PROBS.mean())])


@graded(1, "nll_loss", Text("nll_loss rejects a one-hot target, like nn.NLLLoss", "nll_loss 拒绝独热编码的目标，与 nn.NLLLoss 相同"))
def test_nll_loss_rejects_one_hot(student):
    one_hot = F.one_hot(TARGET, 3).float()
    expect_raises(student, "nll_loss", LOG_PROBS, one_hot, like=F.nll_loss, accept=(RuntimeError, ValueError, TypeError),
                  what=Text("nll_loss(log_probs, target) for a one-hot target of shape (4, 3) (NLLLoss needs class indices)", "目标为形状 (4, 3) 的独热编码时的 nll_loss(log_probs, target)（NLLLoss 需要类别索引）"))


@graded(1, "cross_entropy", Text("cross_entropy of a small example matches F.cross_entropy", "小例子上的 cross_entropy（交叉熵损失）与 F.cross_entropy 一致"))
def test_cross_entropy_small(student):
    expect_close(student.cross_entropy(LOGITS, TARGET), F.cross_entropy(LOGITS, TARGET),
                 what=Text("cross_entropy(logits, target) for a (4, 3) example, target = [0, 1, 2, 1]", "一个 (4, 3) 例子、target = [0, 1, 2, 1] 时的 cross_entropy(logits, target)"), inputs=[LOGITS],
                 hints=[Hint(Text("cross_entropy takes raw logits: apply a log-softmax first", "cross_entropy 的输入是原始 logits：先做 log-softmax"), F.nll_loss(LOGITS, TARGET))])


@graded(1, "cross_entropy", Text("cross_entropy accepts a one-hot target, like nn.CrossEntropyLoss", "cross_entropy 接受独热编码的目标，与 nn.CrossEntropyLoss 相同"))
def test_cross_entropy_one_hot(student):
    one_hot = F.one_hot(TARGET, 3).float()
    expect_close(student.cross_entropy(LOGITS, one_hot), F.cross_entropy(LOGITS, one_hot),
                 what=Text("cross_entropy(logits, target) for the same example with a one-hot float target of shape (4, 3)", "同一例子、目标为形状 (4, 3) 的独热浮点张量时的 cross_entropy(logits, target)"),
                 inputs=[LOGITS])

"""Public tests for nll_vs_ce: run them with `autograder check nll_vs_ce`.

The hidden tests check much more (random shapes, all three reductions, class weights, ignore_index,
label smoothing, soft labels, stability at +-1000, gradients, errors, speed, CUDA); passing these is
a start, not a guarantee.
"""
import torch
import torch.nn.functional as F

from autograder.spec import Hint, expect_close, expect_raises, graded

LOGITS = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.0], [0.0, 0.0, 0.0]])
TARGET = torch.tensor([0, 1, 2, 1])
LOG_PROBS = F.log_softmax(LOGITS, dim=1)


@graded(1, "nll_loss", "nll_loss of a small example matches F.nll_loss")
def test_nll_loss_small(student):
    expect_close(student.nll_loss(LOG_PROBS, TARGET), F.nll_loss(LOG_PROBS, TARGET),
                 what="nll_loss(log_probs, target) for log_probs = log_softmax of a (4, 3) example, target = [0, 1, 2, 1]",
                 inputs=[LOG_PROBS],
                 hints=[Hint("the loss is the NEGATIVE log-likelihood: put a minus sign in front", -F.nll_loss(LOG_PROBS, TARGET)),
                        Hint("pick one entry per row, log_probs[i, target[i]], not the whole row", -LOG_PROBS.mean())])


@graded(1, "nll_loss", "nll_loss rejects a one-hot target, like nn.NLLLoss")
def test_nll_loss_rejects_one_hot(student):
    one_hot = F.one_hot(TARGET, 3).float()
    expect_raises(student, "nll_loss", LOG_PROBS, one_hot, like=F.nll_loss, accept=(RuntimeError, ValueError, TypeError),
                  what="nll_loss(log_probs, target) for a one-hot target of shape (4, 3) (NLLLoss needs class indices)")


@graded(1, "cross_entropy", "cross_entropy of a small example matches F.cross_entropy")
def test_cross_entropy_small(student):
    expect_close(student.cross_entropy(LOGITS, TARGET), F.cross_entropy(LOGITS, TARGET),
                 what="cross_entropy(logits, target) for a (4, 3) example, target = [0, 1, 2, 1]", inputs=[LOGITS],
                 hints=[Hint("cross_entropy takes raw logits: apply a log-softmax first", F.nll_loss(LOGITS, TARGET))])


@graded(1, "cross_entropy", "cross_entropy accepts a one-hot target, like nn.CrossEntropyLoss")
def test_cross_entropy_one_hot(student):
    one_hot = F.one_hot(TARGET, 3).float()
    expect_close(student.cross_entropy(LOGITS, one_hot), F.cross_entropy(LOGITS, one_hot),
                 what="cross_entropy(logits, target) for the same example with a one-hot float target of shape (4, 3)",
                 inputs=[LOGITS])

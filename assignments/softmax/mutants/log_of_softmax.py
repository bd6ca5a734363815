"""log_softmax as log(softmax(x)): -inf instead of -2000 at logits of +-1000."""
import torch


def log_softmax(x, dim=-1):
    return softmax(x, dim=dim).log()

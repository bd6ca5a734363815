# Bob: the textbook formula without subtracting the maximum (overflows at large logits).
import torch


def softmax(x, dim=-1):
    x_exp = torch.exp(x)
    partition = x_exp.sum(dim, keepdim=True)
    return x_exp / partition


def log_softmax(x, dim=-1):
    return torch.log(softmax(x, dim))


def logsumexp(x, dim=-1, keepdim=False):
    return torch.log(torch.exp(x).sum(dim=dim, keepdim=keepdim))

# Alice: correct, written differently from the reference (log_softmax via her own logsumexp,
# the -inf guard with masked_fill instead of where).
import torch


def logsumexp(x, dim=-1, keepdim=False):
    m = torch.amax(x, dim=dim, keepdim=True).detach()
    m = m.masked_fill(~torch.isfinite(m), 0.0)
    s = torch.log(torch.sum(torch.exp(x - m), dim=dim, keepdim=True)) + m
    if not keepdim:
        s = s.squeeze(dim)
    return s


def log_softmax(x, dim=-1):
    return x - logsumexp(x, dim=dim, keepdim=True)


def softmax(x, dim=-1):
    return torch.exp(log_softmax(x, dim=dim))

"""log_softmax detaches the normaliser: right values, wrong gradients."""
import torch


def log_softmax(x, dim=-1):
    return x - logsumexp(x, dim=dim, keepdim=True).detach()

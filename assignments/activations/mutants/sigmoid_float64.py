"""sigmoid computes in float64 and returns float64 whatever the input's dtype."""
import torch


def sigmoid(x):
    x = x.double()
    e = torch.exp(torch.where(x >= 0, -x, x))
    return torch.where(x >= 0, 1 / (1 + e), e / (1 + e))

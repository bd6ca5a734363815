"""sigmoid as 1 / (1 + exp(-x)): right values, but autograd gives nan at x = -1000 (0 * inf)."""
import torch


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))

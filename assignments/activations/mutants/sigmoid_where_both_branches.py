"""sigmoid choosing between 1 / (1 + exp(-x)) and exp(x) / (1 + exp(x)) with torch.where: right values, but the
branch that is not selected overflows and autograd turns its 0 * inf into nan at +-1000."""
import torch


def sigmoid(x):
    return torch.where(x >= 0, 1 / (1 + torch.exp(-x)), torch.exp(x) / (1 + torch.exp(x)))

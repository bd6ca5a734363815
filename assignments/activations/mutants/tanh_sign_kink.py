"""tanh as sign(x) * tanh(|x|): stable values, but the gradient at x = 0 is 0 instead of 1."""
import torch


def tanh(x):
    e = torch.exp(-2 * x.abs())
    return torch.sign(x) * (1 - e) / (1 + e)

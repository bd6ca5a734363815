"""tanh by its definition (e^x - e^-x) / (e^x + e^-x): inf / inf = nan at +-1000."""
import torch


def tanh(x):
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))

"""leaky_relu's default negative_slope is 0.1 instead of torch's 0.01."""
import torch


def leaky_relu(x, negative_slope=0.1):
    return torch.where(x > 0, x, negative_slope * x)

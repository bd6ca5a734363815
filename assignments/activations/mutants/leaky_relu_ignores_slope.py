"""leaky_relu always uses a slope of 0.01, whatever negative_slope says."""
import torch


def leaky_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, 0.01 * x)

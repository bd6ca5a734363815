"""leaky_relu as max(x, slope * x): wrong for slopes above 1 or below 0, and the gradient at 0 is (1 + slope) / 2."""
import torch


def leaky_relu(x, negative_slope=0.01):
    return torch.maximum(x, negative_slope * x)

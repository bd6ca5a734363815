"""sigmoid reaches torch's own implementation through torch.special.expit: capped at 20%."""
import torch


def sigmoid(x):
    return torch.special.expit(x)

"""sigmoid_grad as sigmoid(x) * (1 + sigmoid(x)): a sign slip."""
import torch


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 + s)

"""sigmoid_grad through torch.autograd.grad on the student's own sigmoid: right values, but no autograd allowed."""
import torch


def sigmoid_grad(x):
    leaf = x.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        return torch.autograd.grad(sigmoid(leaf).sum(), leaf)[0]

"""sigmoid_grad is right but loops over rows in Python: blows the timing budget."""
import torch


def sigmoid_grad(x):
    if x.dim() < 2:
        s = sigmoid(x)
        return s * (1 - s)
    rows = []
    for row in x:
        s = sigmoid(row)
        rows.append(s * (1 - s))
    return torch.stack(rows)

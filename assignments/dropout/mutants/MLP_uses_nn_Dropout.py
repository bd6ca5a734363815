"""MLP uses torch's nn.Dropout instead of the student's own: capped at 20%."""
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, num_inputs=784, num_hiddens1=256, num_hiddens2=256, num_outputs=10, dropout1=0.2, dropout2=0.5):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(num_inputs, num_hiddens1), nn.ReLU(), nn.Dropout(dropout1),
                                 nn.Linear(num_hiddens1, num_hiddens2), nn.ReLU(), nn.Dropout(dropout2),
                                 nn.Linear(num_hiddens2, num_outputs))

    def forward(self, X):
        return self.net(X)

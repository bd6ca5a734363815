"""MLP (from-scratch style) calls dropout in forward without checking self.training: random in eval mode."""
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, num_inputs=784, num_hiddens1=256, num_hiddens2=256, num_outputs=10, dropout1=0.2, dropout2=0.5):
        super().__init__()
        self.num_inputs, self.dropout1, self.dropout2 = num_inputs, dropout1, dropout2
        self.lin1 = nn.Linear(num_inputs, num_hiddens1)
        self.lin2 = nn.Linear(num_hiddens1, num_hiddens2)
        self.lin3 = nn.Linear(num_hiddens2, num_outputs)
        self.relu = nn.ReLU()

    def forward(self, X):
        H1 = dropout(self.relu(self.lin1(X.reshape((-1, self.num_inputs)))), self.dropout1)
        H2 = dropout(self.relu(self.lin2(H1)), self.dropout2)
        return self.lin3(H2)

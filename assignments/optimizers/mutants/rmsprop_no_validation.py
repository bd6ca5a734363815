"""RMSprop accepts any hyperparameters (negative lr, alpha, eps...) instead of raising ValueError."""
import torch


class RMSprop(RMSprop):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum, centered=centered)
        torch.optim.Optimizer.__init__(self, params, defaults)

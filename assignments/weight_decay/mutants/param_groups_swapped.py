"""param_groups returns the no-decay group first (the contract says decay group first)."""


def param_groups(model, weight_decay):
    params = list(model.parameters())
    return [{"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
            {"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay}]

"""param_groups walks every module's own parameters: a weight shared by two modules (tied
embedding and output layer) appears twice."""


def param_groups(model, weight_decay):
    decay, no_decay = [], []
    for module in model.modules():
        for p in module._parameters.values():
            if p is not None:
                (decay if p.ndim >= 2 else no_decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]

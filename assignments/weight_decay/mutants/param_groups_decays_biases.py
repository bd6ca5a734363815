"""param_groups decays every parameter, biases and norm weights included."""


def param_groups(model, weight_decay):
    return [{"params": list(model.parameters()), "weight_decay": weight_decay}, {"params": [], "weight_decay": 0.0}]

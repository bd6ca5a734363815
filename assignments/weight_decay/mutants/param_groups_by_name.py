"""param_groups decides by name: only parameters called "bias" escape decay, so LayerNorm/BatchNorm
weights and the 0-dim temperature are decayed."""


def param_groups(model, weight_decay):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if name.endswith("bias") else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]

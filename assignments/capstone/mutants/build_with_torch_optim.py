"""build_and_train trains with torch.optim.SGD and nn.CrossEntropyLoss instead of the student's own."""


def build_and_train(root, num_epochs=10, lr=0.5, batch_size=256):
    net = MLP(784, 256, 256, 10, dropout1=0.2, dropout2=0.5)
    net.apply(init_weights)
    train_iter, test_iter = load_data_fashion_mnist(batch_size, root)
    updater = torch.optim.SGD(net.parameters(), lr=lr)
    return net, train_ch3(net, train_iter, test_iter, nn.CrossEntropyLoss(reduction="none"), num_epochs, updater)

"""load_data_fashion_mnist drops the last, smaller batch (drop_last=True): examples go missing."""


def load_data_fashion_mnist(batch_size, root, resize=None):
    trans = transforms.ToTensor() if not resize else transforms.Compose([transforms.Resize(resize), transforms.ToTensor()])
    mnist_train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=False)
    mnist_test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans, download=False)
    return (data.DataLoader(mnist_train, batch_size, shuffle=True, num_workers=0, drop_last=True),
            data.DataLoader(mnist_test, batch_size, shuffle=False, num_workers=0, drop_last=True))

# Planted: line 24 drops the / m (right: np.dot(dZ2, A1.T) / m); gradient verification reports missing-batch-mean.
# bottom: no functions, forward pass, cost and backward pass inside the training loop.
import numpy as np

np.random.seed(0)
n_x, n_h, m = 3, 5, 8
X = np.random.randn(n_x, m)          # (n_x, m)
Y = (np.random.rand(1, m) > 0.5) * 1.0  # (1, m)

W1 = np.random.randn(n_h, n_x) * 0.5
b1 = np.zeros((n_h, 1))
W2 = np.random.randn(1, n_h) * 0.5
b2 = np.zeros((1, 1))
learning_rate = 0.5

for i in range(100):
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m

    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T)
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m

    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2

import numpy as np

def forward(X, W1, b1):
    """
    X -- input data of size (n_x, m)
    W1 -- weight matrix of shape (n_h, n_x)
    b1 -- bias vector of shape (n_h, 1)
    """
    Z1 = np.dot(W1, X.T) + b1
    return Z1

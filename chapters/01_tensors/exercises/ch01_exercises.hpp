#pragma once
// Chapter 1 exercises: the functions you write. The stubs in this folder
// throw until you fill them in; solutions/ holds the tested answers.
#include "blocks/tensor.hpp"

namespace blocks::exercises {

// Exercise 1: the outer product of two 1-D tensors, a (n,) and b (m,),
// as an (n, m) tensor with entry (i, j) = a[i] * b[j], using broadcasting
// only (no loops, no matmul). Throws ShapeError unless both are 1-D.
Tensor outer_product(const Tensor& a, const Tensor& b);

// Exercise 2: standardise each column of a 2-D (batch, features) tensor to
// mean 0 and (population) standard deviation 1, as scikit-learn's
// StandardScaler does: a constant column is only centred. Throws ShapeError
// unless x is 2-D, and ValueError when the batch is empty.
Tensor standardize_columns(const Tensor& x);

// Exercise 3 (challenge): the squared distance between every row of x
// (n, d) and every row of y (m, d), as an (n, m) tensor with entry (i, j) =
// sum_k (x[i, k] - y[j, k])^2, using views and broadcasting only (no loops,
// no matmul), like torch.cdist(x, y) ** 2. Throws ShapeError unless both
// are 2-D with the same number of columns.
Tensor pairwise_sq_distances(const Tensor& x, const Tensor& y);

}  // namespace blocks::exercises

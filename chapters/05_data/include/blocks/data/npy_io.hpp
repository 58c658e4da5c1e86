#pragma once
/// \file
/// \brief NumPy `.npy` files: what `np.save` writes and `np.load` reads,
/// checked before a byte of data is trusted.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "blocks/data/make_classification.hpp"
#include "blocks/tensor.hpp"

namespace blocks::data {

/// \brief The element types the course stores: NumPy's `float64` and
/// `int64`, little-endian (`<f8`, `<i8`).
enum class NpyDtype { float64, int64 };

/// \brief What the header of a `.npy` file says about its array.
struct NpyHeader {
  NpyDtype dtype;                  ///< element type
  std::vector<std::size_t> shape;  ///< extents, C (row-major) order
  std::size_t data_offset;         ///< where the raw data starts
};

/// \brief Reads and checks the header of a `.npy` file: magic string,
/// version, `descr`, `fortran_order` and `shape`, and that the file holds
/// exactly the bytes the shape promises.
/// \throws IOError when the file cannot be opened; DataError naming the
/// file and the problem (not a `.npy` file, big-endian, Fortran order, an
/// unsupported dtype, a truncated file, trailing bytes).
NpyHeader read_npy_header(const std::string& path);

/// \brief Loads a float64 or int64 array of any rank as doubles, with
/// xtensor's loader once the header has been checked.
Tensor load_npy(const std::string& path);

/// \brief Loads a features file: float64, shape \f$(m, d)\f$, all finite.
/// \throws DataError naming the file: wrong dtype or rank, NaN or Inf
/// (with its row and column).
Tensor load_features(const std::string& path);

/// \brief Loads a labels file: int64 or float64, shape \f$(m,)\f$ or
/// \f$(m, 1)\f$, returned as an \f$(m, 1)\f$ column of doubles.
/// \param path    the file
/// \param binary  when true every label must be 0 or 1
/// \throws DataError naming the file: wrong dtype or shape, NaN/Inf, a
/// label outside {0, 1} (with its row and value).
Tensor load_labels(const std::string& path, bool binary = true);

/// \brief Writes doubles as a float64 `.npy` file, atomically.
void save_npy(const std::string& path, const Tensor& array);

/// \brief Writes integers as an int64 `.npy` file, atomically.
void save_npy(const std::string& path, const Labels& array);

/// \brief The bytes save_npy() writes for doubles, into a stream (for
/// StagedFiles, which writes several files together).
void write_npy(std::ostream& out, const Tensor& array);

/// \brief The bytes save_npy() writes for integers, into a stream.
void write_npy(std::ostream& out, const Labels& array);

}  // namespace blocks::data

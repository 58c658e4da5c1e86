#pragma once
/// \file
/// \brief The blocked kernel's two floating-point-heavy passes (logits and
/// gradient) for float data, eight floats an instruction with AVX2 and
/// FMA, chosen at run time on CPUs that have them. The build itself
/// targets baseline x86-64 (SSE2), so the programs still run everywhere.

#include <cstddef>

#include "blocks/device/prefetch_stream.hpp"
#include "blocks/device/simd_pack4.hpp"

// AVX2 code needs x86-64, a compiler that can compile one function for a
// wider instruction set than the rest (GCC's and Clang's target
// attribute), and the SSE Pack4<float> it finishes with. nvcc's host pass
// is left out: a GPU build does not run the blocked kernel.
#if BLOCKS_LIBMVEC && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__CUDACC__)
/// \brief 1 where the AVX2 passes are compiled in, else 0.
#define BLOCKS_AVX2 1
#else
/// \brief 1 where the AVX2 passes are compiled in, else 0.
#define BLOCKS_AVX2 0
#endif

namespace blocks::device::avx2 {

/// \brief Whether this CPU (and its operating system) runs AVX2 and FMA
/// instructions; always false where BLOCKS_AVX2 is 0.
bool available();

/// \brief The logits pass of FusedBlocked<float>::logits, eight columns an
/// instruction: `z[b]` = \f$w \cdot x_b + w_d\f$ for the block's first `m`
/// rows, `m` a multiple of four. Call only where available().
void logits(const float* rows, std::size_t m, std::size_t d, const float* w,
            float* z, PrefetchStream& ahead);

/// \brief FusedBlocked<float>::add_columns<8>, eight columns an
/// instruction: `sum[c + j]` += \f$\sum_b r_b x_{b,c+j}\f$ for the 32
/// columns from `c`. Call only where available().
void add_32_columns(const float* rows, std::size_t m, std::size_t d,
                    const float* r, std::size_t c, double* sum,
                    PrefetchStream& ahead);

}  // namespace blocks::device::avx2

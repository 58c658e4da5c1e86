// The blocked kernel's AVX2 passes. Each function that uses AVX2 says so
// with `target("avx2,fma")`, and only those functions: the rest of the
// program, and any inline function from a header that the compiler might
// emit here, stays baseline x86-64, so a CPU without AVX2 never meets an
// instruction it cannot run, as long as available() is asked first.
#include "blocks/device/kernels/blocked_avx2.hpp"

#if BLOCKS_AVX2
#include <immintrin.h>
#endif

namespace blocks::device::avx2 {

#if BLOCKS_AVX2

/// Marks a function compiled for AVX2 and FMA.
#define BLOCKS_TARGET_AVX2 __attribute__((target("avx2,fma")))

bool available() {
  static const bool has = [] {
    __builtin_cpu_init();  // the CPU's features, read once
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return has;
}

namespace {

/// \brief \f$w \cdot x\f$ for the four rows from `x`, one per lane: eight
/// columns an instruction, each product added by one fused multiply-add;
/// then each row's eight lanes fold to four, four more columns go in with
/// SSE, the four rows' sums come out of one transposed_sums, and the last
/// `d % 4` columns are added one at a time.
BLOCKS_TARGET_AVX2 __m128 four_dots(const float* w, const float* x,
                                    std::size_t d) {
  __m256 acc[4];
  for (int i = 0; i < 4; ++i) acc[i] = _mm256_setzero_ps();
  std::size_t j = 0;
  for (; j + 8 <= d; j += 8) {
    const __m256 wj = _mm256_loadu_ps(w + j);
    for (std::size_t i = 0; i < 4; ++i) {
      acc[i] = _mm256_fmadd_ps(wj, _mm256_loadu_ps(x + i * d + j), acc[i]);
    }
  }
  Pack4<float> folded[4];  // lanes k and k + 4 added
  for (int i = 0; i < 4; ++i) {
    folded[i] = Pack4<float>(_mm_add_ps(_mm256_castps256_ps128(acc[i]),
                                        _mm256_extractf128_ps(acc[i], 1)));
  }
  if (j + 4 <= d) {
    const __m128 wj = _mm_loadu_ps(w + j);
    for (std::size_t i = 0; i < 4; ++i) {
      folded[i].v = _mm_fmadd_ps(wj, _mm_loadu_ps(x + i * d + j), folded[i].v);
    }
    j += 4;
  }
  __m128 dots = transposed_sums(folded).v;
  if (j < d) {
    float rest[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (std::size_t i = 0; i < 4; ++i) {
      for (std::size_t k = j; k < d; ++k) rest[i] += w[k] * x[i * d + k];
    }
    dots = _mm_add_ps(dots, _mm_loadu_ps(rest));
  }
  return dots;
}

}  // namespace

BLOCKS_TARGET_AVX2 void logits(const float* rows, std::size_t m, std::size_t d,
                               const float* w, float* z,
                               PrefetchStream& ahead) {
  const __m128 bias = _mm_set1_ps(w[d]);
  for (std::size_t b = 0; b < m; b += 4) {
    ahead.step();
    _mm_storeu_ps(z + b, _mm_add_ps(four_dots(w, rows + b * d, d), bias));
  }
}

// [avx2-columns]
BLOCKS_TARGET_AVX2 void add_32_columns(const float* rows, std::size_t m,
                                       std::size_t d, const float* r,
                                       std::size_t c, double* sum,
                                       PrefetchStream& ahead) {
  __m256 acc[4];  // 32 columns' sums, in four registers
  for (int k = 0; k < 4; ++k) acc[k] = _mm256_setzero_ps();
  // Two rows a step, as the Pack4 version: r0 x0 + r1 x1 is one product
  // and one fused multiply-add, then one add to the sum.
  std::size_t b = 0;
  for (; b + 2 <= m; b += 2) {
    ahead.step();
    ahead.step();
    const __m256 r0 = _mm256_set1_ps(r[b]), r1 = _mm256_set1_ps(r[b + 1]);
    const float* x0 = rows + b * d + c;
    const float* x1 = x0 + d;
    for (int k = 0; k < 4; ++k) {
      const __m256 pair =
          _mm256_fmadd_ps(r1, _mm256_loadu_ps(x1 + 8 * k),
                          _mm256_mul_ps(r0, _mm256_loadu_ps(x0 + 8 * k)));
      acc[k] = _mm256_add_ps(acc[k], pair);
    }
  }
  if (b < m) {  // an odd last row
    ahead.step();
    const __m256 rb = _mm256_set1_ps(r[b]);
    const float* x = rows + b * d + c;
    for (int k = 0; k < 4; ++k) {
      acc[k] = _mm256_fmadd_ps(rb, _mm256_loadu_ps(x + 8 * k), acc[k]);
    }
  }
  for (int k = 0; k < 4; ++k) {
    float lanes[8];
    _mm256_storeu_ps(lanes, acc[k]);
    for (int u = 0; u < 8; ++u) sum[c + 8 * k + u] += double(lanes[u]);
  }
}
// [avx2-columns]

#else  // no AVX2 passes in this build: FusedBlocked never calls them

bool available() {
  return false;
}

#endif

}  // namespace blocks::device::avx2

/*
 * The machine's arithmetic limit in native code, for bench/machine-limit.mjs: independent chains
 * of vector multiplies and adds that never leave registers. Compiled at run time with the system's
 * gcc (-O3, which keeps the chains in registers; -O2 leaves them on the stack); prints GFLOP/s on one
 * thread for the mode named on the command line:
 *   fma512     AVX-512 fused multiply-add, 16 floats (what PyTorch's oneDNN kernels use here)
 *   muladd128  128-bit multiply and add, 4 floats, no fusion (what wasm SIMD compiles to)
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define CHAINS 12

static float fma512(long iterations, float m, float a) {
  __m512 acc[CHAINS];
  const __m512 vm = _mm512_set1_ps(m), va = _mm512_set1_ps(a);
  for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_set1_ps((float)c);
  for (long i = 0; i < iterations; i++)
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_fmadd_ps(acc[c], vm, va);
  float sum = 0;
  for (int c = 0; c < CHAINS; c++) sum += _mm512_reduce_add_ps(acc[c]);
  return sum;
}

static float muladd128(long iterations, float m, float a) {
  __m128 product[CHAINS / 2], total[CHAINS / 2];
  const __m128 vm = _mm_set1_ps(m), va = _mm_set1_ps(a);
  for (int c = 0; c < CHAINS / 2; c++) product[c] = total[c] = _mm_set1_ps((float)c);
  for (long i = 0; i < iterations; i++)
    for (int c = 0; c < CHAINS / 2; c++) {
      product[c] = _mm_mul_ps(product[c], vm);
      total[c] = _mm_add_ps(total[c], va);
    }
  float sum = 0, lanes[4];
  for (int c = 0; c < CHAINS / 2; c++) {
    _mm_storeu_ps(lanes, _mm_add_ps(product[c], total[c]));
    sum += lanes[0] + lanes[1] + lanes[2] + lanes[3];
  }
  return sum;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const long iterations = atol(argv[2]);
  // From the command line, so that the compiler cannot fold the multiply by one away.
  const float m = argc > 3 ? (float)atof(argv[3]) : 1.0f, a = argc > 4 ? (float)atof(argv[4]) : 0.0f;
  const int fused = strcmp(argv[1], "fma512") == 0;
  const double start = seconds();
  const float sum = fused ? fma512(iterations, m, a) : muladd128(iterations, m, a);
  const double elapsed = seconds() - start;
  // Per chain and iteration: one FMA of 16 lanes (32 flops), or one multiply or add of 4 lanes.
  const double flops = (double)iterations * CHAINS * (fused ? 32 : 4);
  printf("%.2f %g\n", flops / elapsed / 1e9, sum);
  return 0;
}

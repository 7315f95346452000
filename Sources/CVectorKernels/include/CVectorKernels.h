// Recall's int8 scan kernels and index-file checksum, compiled once per instruction set and chosen at run time.
// The Swift side (Retrieval/ScanKernel.swift) picks a kernel once at start; every kernel returns the same bits.
#ifndef RECALL_CVECTORKERNELS_H
#define RECALL_CVECTORKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Kernel ids (stable: they are printed by `recall bench search` and accepted by RECALL_SCAN_KERNEL).
enum {
    /// Plain C compiled for the baseline target (SSE2 on x86-64): runs on any CPU.
    RECALL_KERNEL_PORTABLE = 0,
    /// AVX2 (+FMA) code path: 32 int8 products per instruction pair.
    RECALL_KERNEL_AVX2 = 1,
};

/// 1 when this CPU can run `kernel`, else 0.
int recall_kernel_supported(int kernel);

/// The best kernel this CPU supports.
int recall_kernel_best(void);

/// Scores `count` int8 rows of `stride` bytes (a multiple of 32) against an int8 query of `stride` bytes (also
/// given widened to int16, the portable kernel's form): out[i] = (float)dot(row i, query) * scales[i] * query_scale.
/// The integer dot is exact, so every kernel returns the same floats.
void recall_int8_scores(int kernel, const int8_t *rows, const float *scales, size_t count, size_t stride,
                        const int8_t *query, const int16_t *query16, float query_scale, float *out);

/// A 64-bit checksum of `bytes` bytes (a Fletcher-style sum over 8 parallel 32-bit-word lanes, mixed at the end),
/// continuing from `seed` (0 to start). Any single changed or truncated byte changes it; near memory speed.
uint64_t recall_checksum(int kernel, const void *data, size_t bytes, uint64_t seed);

#endif

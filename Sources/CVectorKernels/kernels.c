// Per-ISA kernels for the int8 scan and the checksum. The portable versions are plain C that the compiler
// vectorises for the baseline target; the AVX2 versions are the same or hand-written code compiled with
// __attribute__((target("avx2,fma"))) so one binary carries both and runs on CPUs without AVX2.
#include "CVectorKernels.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define RECALL_X86 1
#include <immintrin.h>
#endif

// MARK: int8 dot products

__attribute__((unused)) static inline int32_t dot_portable(const int8_t *a, const int8_t *b, size_t n) {
    int32_t acc = 0;
    for (size_t i = 0; i < n; i++) acc += (int32_t)a[i] * (int32_t)b[i];
    return acc;
}

#if defined(__x86_64__)
// SSE2 is part of x86-64 itself, so this needs no CPU check: sign-extend 16 int8 to int16 by unpacking each byte
// into the high half and shifting right arithmetically, then pmaddwd with the query widened once per search.
static inline __m128i widen_lo(__m128i x) { return _mm_srai_epi16(_mm_unpacklo_epi8(x, x), 8); }
static inline __m128i widen_hi(__m128i x) { return _mm_srai_epi16(_mm_unpackhi_epi8(x, x), 8); }

static void scores_portable(const int8_t *rows, const float *scales, size_t count, size_t stride,
                            const int8_t *query, const int16_t *q16, float qs, float *out) {
    (void)query;
    for (size_t r = 0; r < count; r++) {
        const int8_t *a = rows + r * stride;
        __m128i acc0 = _mm_setzero_si128(), acc1 = _mm_setzero_si128();
        for (size_t i = 0; i < stride; i += 32) {
            __m128i x0 = _mm_loadu_si128((const __m128i *)(a + i)), x1 = _mm_loadu_si128((const __m128i *)(a + i + 16));
            const __m128i *y = (const __m128i *)(q16 + i);
            acc0 = _mm_add_epi32(acc0, _mm_madd_epi16(widen_lo(x0), _mm_loadu_si128(y)));
            acc1 = _mm_add_epi32(acc1, _mm_madd_epi16(widen_hi(x0), _mm_loadu_si128(y + 1)));
            acc0 = _mm_add_epi32(acc0, _mm_madd_epi16(widen_lo(x1), _mm_loadu_si128(y + 2)));
            acc1 = _mm_add_epi32(acc1, _mm_madd_epi16(widen_hi(x1), _mm_loadu_si128(y + 3)));
        }
        __m128i s = _mm_add_epi32(acc0, acc1);
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
        out[r] = (float)_mm_cvtsi128_si32(s) * scales[r] * qs;
    }
}
#else
static void scores_portable(const int8_t *rows, const float *scales, size_t count, size_t stride,
                            const int8_t *query, const int16_t *q16, float qs, float *out) {
    (void)q16;
    for (size_t r = 0; r < count; r++) {
        int32_t d = dot_portable(rows + r * stride, query, stride);
        out[r] = (float)d * scales[r] * qs;
    }
}
#endif

#ifdef RECALL_X86
// |a|·sign(b, a) with maddubs: values are in -127...127, so a pair of products (≤ 2·127²) never saturates int16.
__attribute__((target("avx2,fma")))
static void scores_avx2(const int8_t *rows, const float *scales, size_t count, size_t stride,
                        const int8_t *query, float qs, float *out) {
    const __m256i ones = _mm256_set1_epi16(1);
    for (size_t r = 0; r < count; r++) {
        const int8_t *a = rows + r * stride;
        __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
        size_t i = 0;
        for (; i + 64 <= stride; i += 64) {
            __m256i x0 = _mm256_loadu_si256((const __m256i *)(a + i));
            __m256i y0 = _mm256_loadu_si256((const __m256i *)(query + i));
            __m256i x1 = _mm256_loadu_si256((const __m256i *)(a + i + 32));
            __m256i y1 = _mm256_loadu_si256((const __m256i *)(query + i + 32));
            __m256i p0 = _mm256_maddubs_epi16(_mm256_sign_epi8(x0, x0), _mm256_sign_epi8(y0, x0));
            __m256i p1 = _mm256_maddubs_epi16(_mm256_sign_epi8(x1, x1), _mm256_sign_epi8(y1, x1));
            acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(p0, ones));
            acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(p1, ones));
        }
        for (; i < stride; i += 32) {
            __m256i x = _mm256_loadu_si256((const __m256i *)(a + i));
            __m256i y = _mm256_loadu_si256((const __m256i *)(query + i));
            __m256i p = _mm256_maddubs_epi16(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x));
            acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(p, ones));
        }
        __m256i acc = _mm256_add_epi32(acc0, acc1);
        __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
        int32_t d = _mm_cvtsi128_si32(s);
        out[r] = (float)d * scales[r] * qs;
    }
}
#endif

int recall_kernel_supported(int kernel) {
    switch (kernel) {
    case RECALL_KERNEL_PORTABLE: return 1;
#ifdef RECALL_X86
    case RECALL_KERNEL_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    default: return 0;
    }
}

int recall_kernel_best(void) {
    return recall_kernel_supported(RECALL_KERNEL_AVX2) ? RECALL_KERNEL_AVX2 : RECALL_KERNEL_PORTABLE;
}

void recall_int8_scores(int kernel, const int8_t *rows, const float *scales, size_t count, size_t stride,
                        const int8_t *query, const int16_t *query16, float query_scale, float *out) {
#ifdef RECALL_X86
    if (kernel == RECALL_KERNEL_AVX2) { scores_avx2(rows, scales, count, stride, query, query_scale, out); return; }
#endif
    scores_portable(rows, scales, count, stride, query, query16, query_scale, out);
}

// MARK: checksum

/// Eight lanes of (sum of words, sum of sums); the same arithmetic in every kernel, so the result does not depend
/// on which one ran. Words are little-endian 32-bit; a tail shorter than 32 bytes is zero-padded.
#define LANES 8

static inline uint64_t finish(const uint64_t a[LANES], const uint64_t b[LANES], size_t bytes, uint64_t seed) {
    uint64_t h = seed ^ (0x9E3779B97F4A7C15ull * (uint64_t)(bytes + 1));
    for (int l = 0; l < LANES; l++) {
        h = (h ^ a[l]) * 0xFF51AFD7ED558CCDull; h ^= h >> 33;
        h = (h ^ b[l]) * 0xC4CEB9FE1A85EC53ull; h ^= h >> 29;
    }
    return h;
}

static uint64_t checksum_portable(const void *data, size_t bytes, uint64_t seed) {
    uint64_t a[LANES] = {0}, b[LANES] = {0};
    const unsigned char *p = data;
    size_t blocks = bytes / (4 * LANES);
    for (size_t k = 0; k < blocks; k++) {
        uint32_t w[LANES];
        memcpy(w, p + k * 4 * LANES, sizeof w);
        for (int l = 0; l < LANES; l++) { a[l] += w[l]; b[l] += a[l]; }
    }
    size_t done = blocks * 4 * LANES;
    if (done < bytes) {
        uint32_t w[LANES] = {0};
        memcpy(w, p + done, bytes - done);
        for (int l = 0; l < LANES; l++) { a[l] += w[l]; b[l] += a[l]; }
    }
    return finish(a, b, bytes, seed);
}

#ifdef RECALL_X86
__attribute__((target("avx2,fma")))
static uint64_t checksum_avx2(const void *data, size_t bytes, uint64_t seed) {
    // Lanes 0–3 and 4–7 in two vectors of four uint64; words zero-extended from 32 bits.
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, b0 = a0, b1 = a0;
    const unsigned char *p = data;
    size_t blocks = bytes / (4 * LANES);
    for (size_t k = 0; k < blocks; k++) {
        __m256i w = _mm256_loadu_si256((const __m256i *)(p + k * 4 * LANES));
        a0 = _mm256_add_epi64(a0, _mm256_cvtepu32_epi64(_mm256_castsi256_si128(w)));
        a1 = _mm256_add_epi64(a1, _mm256_cvtepu32_epi64(_mm256_extracti128_si256(w, 1)));
        b0 = _mm256_add_epi64(b0, a0);
        b1 = _mm256_add_epi64(b1, a1);
    }
    uint64_t a[LANES], b[LANES];
    _mm256_storeu_si256((__m256i *)a, a0); _mm256_storeu_si256((__m256i *)(a + 4), a1);
    _mm256_storeu_si256((__m256i *)b, b0); _mm256_storeu_si256((__m256i *)(b + 4), b1);
    size_t done = blocks * 4 * LANES;
    if (done < bytes) {
        uint32_t w[LANES] = {0};
        memcpy(w, p + done, bytes - done);
        for (int l = 0; l < LANES; l++) { a[l] += w[l]; b[l] += a[l]; }
    }
    return finish(a, b, bytes, seed);
}
#endif

uint64_t recall_checksum(int kernel, const void *data, size_t bytes, uint64_t seed) {
#ifdef RECALL_X86
    if (kernel == RECALL_KERNEL_AVX2) return checksum_avx2(data, bytes, seed);
#endif
    return checksum_portable(data, bytes, seed);
}

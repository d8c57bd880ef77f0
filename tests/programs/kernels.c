// Pure C kernels built twice — natively into the unit tests and with clang-19 for wasm32-wasi —
// so the tests can compare compiled WebAssembly with native code on the same inputs. No I/O: the
// wasm build needs no host functions, only wasi-libc's memcpy, memset and libm.

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifdef __wasm__
#define KERNEL(name) __attribute__((export_name(#name))) kernel_##name
#else
#define KERNEL(name) kernel_##name
#endif

// Recursion.
static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
uint32_t KERNEL(fib)(uint32_t n) { return fib(n); }

static int32_t ackermann(int32_t m, int32_t n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}
int32_t KERNEL(ackermann)(int32_t m, int32_t n) { return ackermann(m, n); }

// Function pointers: an indirect call through a table on every step.
typedef uint64_t (*step_fn)(uint64_t);
static uint64_t step_mul(uint64_t x) { return x * 6364136223846793005ull + 1442695040888963407ull; }
static uint64_t step_xor(uint64_t x) { return x ^ (x >> 29) ^ (x << 17); }
static uint64_t step_rot(uint64_t x) { return (x << 13) | (x >> 51); }
static uint64_t step_sub(uint64_t x) { return ~x - 0x9e3779b97f4a7c15ull; }
static step_fn steps[] = {step_mul, step_xor, step_rot, step_sub};
uint64_t KERNEL(indirect_mix)(uint64_t seed, uint32_t rounds) {
    uint64_t x = seed;
    for (uint32_t i = 0; i < rounds; ++i) x = steps[(x >> 7) & 3](x);
    return x;
}

// Floating point, libm included; the result is reduced to bits so every rounding difference shows.
uint64_t KERNEL(float_mix)(uint32_t n) {
    double acc = 0.5;
    float single = 1.25f;
    for (uint32_t i = 1; i <= n; ++i) {
        double x = (double)i / 7.0;
        acc = acc * 0.999 + sqrt(x) / (1.0 + x * x) - floor(x) * 1e-3 + fabs(sin(x)) * 1e-2;
        single = fmaf(single, 0.75f, (float)i / 3.0f) - truncf(single / 9.0f);
    }
    uint64_t bits;
    memcpy(&bits, &acc, sizeof bits);
    uint32_t singleBits;
    memcpy(&singleBits, &single, sizeof singleBits);
    return bits ^ ((uint64_t)singleBits << 11);
}

// memcpy/memset-heavy: shuffles blocks of a buffer and checksums it.
static uint8_t buffer[1 << 16];
uint32_t KERNEL(memory_shuffle)(uint32_t rounds) {
    for (uint32_t i = 0; i < sizeof buffer; ++i) buffer[i] = (uint8_t)(i * 131 + 7);
    uint32_t state = 12345;
    for (uint32_t r = 0; r < rounds; ++r) {
        state = state * 1103515245u + 12345u;
        uint32_t length = 1 + (state >> 8) % 4096;
        uint32_t from = (state >> 3) % (sizeof buffer - length);
        uint32_t to = (state * 7) % (sizeof buffer - length);
        memmove(buffer + to, buffer + from, length);
        if (r % 5 == 0) memset(buffer + (to ^ from) % (sizeof buffer - length), (int)r, length / 2);
    }
    uint32_t hash = 2166136261u;
    for (uint32_t i = 0; i < sizeof buffer; ++i) hash = (hash ^ buffer[i]) * 16777619u;
    return hash;
}

// 64-bit arithmetic: division, remainder, shifts and comparisons of signed and unsigned values.
uint64_t KERNEL(int64_mix)(int64_t a, int64_t b, uint32_t n) {
    uint64_t acc = 0;
    for (uint32_t i = 0; i < n; ++i) {
        int64_t d = (b % 1000) + 1001;
        acc += (uint64_t)(a / d) ^ (uint64_t)(a % d);
        acc += ((uint64_t)a >> (i % 64)) + ((uint64_t)b << (i % 63));
        acc ^= (a < b) ? (uint64_t)(a * 3) : (uint64_t)(b - a);
        a = a * 2862933555777941757ll + 3037000493ll;
        b = (int64_t)((uint64_t)b >> 1) - (int64_t)i * 977;
    }
    return acc;
}

// Sorting with a comparison callback (qsort-like code without libc's qsort).
static int compare_u32(const void* x, const void* y) {
    uint32_t a = *(const uint32_t*)x, b = *(const uint32_t*)y;
    return (a > b) - (a < b);
}
static void insertion_sort(uint32_t* v, uint32_t n, int (*cmp)(const void*, const void*)) {
    for (uint32_t i = 1; i < n; ++i) {
        uint32_t key = v[i];
        uint32_t j = i;
        while (j > 0 && cmp(&v[j - 1], &key) > 0) {
            v[j] = v[j - 1];
            --j;
        }
        v[j] = key;
    }
}
static uint32_t values[2048];
uint32_t KERNEL(sort_checksum)(uint32_t seed) {
    for (uint32_t i = 0; i < 2048; ++i) values[i] = seed = seed * 1664525u + 1013904223u;
    insertion_sort(values, 2048, compare_u32);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 2048; ++i) sum = sum * 31 + values[i];
    return sum;
}

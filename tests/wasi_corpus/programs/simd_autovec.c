// Plain loops that clang's vectoriser turns into SIMD at -O3 (the wasm build adds -msimd128):
// byte transforms, saturating clamps, integer min/max and dot products, widening sums, float
// arithmetic element by element (never reassociated: no fast-math), float <-> int conversions,
// and a reduction. Both builds print the same checksums when faaslet's SIMD code is exact.

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 4099  // not a multiple of any vector width: the scalar epilogues run too

static uint8_t bytes[N], bytes_out[N];
static int16_t shorts[N], shorts2[N];
static int32_t ints[N], ints2[N], ints_out[N];
static float floats[N], floats2[N], floats_out[N];
static double doubles[N], doubles_out[N];

static uint32_t lcg = 7;
static uint32_t next_random(void) {
    lcg = lcg * 1664525u + 1013904223u;
    return lcg;
}

static uint32_t fnv(const void* data, size_t size, uint32_t h) {
    const uint8_t* p = data;
    for (size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 16777619u;
    return h;
}

static void report(const char* name, const void* data, size_t size) {
    printf("%-24s %08x\n", name, fnv(data, size, 2166136261u));
}

int main(void) {
    for (int i = 0; i < N; ++i) {
        uint32_t r = next_random();
        bytes[i] = (uint8_t)(r >> 24);
        shorts[i] = (int16_t)(r >> 8);
        shorts2[i] = (int16_t)next_random();
        ints[i] = (int32_t)next_random();
        ints2[i] = (int32_t)next_random() >> (i % 20);
        floats[i] = (float)(int32_t)next_random() / 65536.0f;
        floats2[i] = (float)(next_random() % 2000) / 7.0f - 140.0f;
        doubles[i] = (double)(int32_t)next_random() / 3.0;
    }

    // Lower-case ASCII letters to upper case, everything else kept.
    for (int i = 0; i < N; ++i) bytes_out[i] = bytes[i] >= 'a' && bytes[i] <= 'z' ? bytes[i] - 32 : bytes[i];
    report("toupper", bytes_out, sizeof bytes_out);

    // Saturating brightness: u8 + 77 clamped at 255, then the rounded average with the input.
    for (int i = 0; i < N; ++i) {
        unsigned v = bytes[i] + 77u;
        bytes_out[i] = v > 255 ? 255 : (uint8_t)v;
    }
    for (int i = 0; i < N; ++i) bytes_out[i] = (uint8_t)((bytes_out[i] + bytes[i] + 1u) >> 1);
    report("saturate_average", bytes_out, sizeof bytes_out);

    // Integer min/max/abs lane by lane.
    for (int i = 0; i < N; ++i) {
        int32_t a = ints[i], b = ints2[i];
        int32_t m = a < b ? a : b;
        ints_out[i] = (m < 0 ? -(uint32_t)m : (uint32_t)m) ^ (uint32_t)(a > b ? a : b);
    }
    report("min_max_abs", ints_out, sizeof ints_out);

    // Widening dot product of i16 lanes, and a widening byte sum.
    int64_t dot = 0;
    for (int i = 0; i < N; ++i) dot += (int32_t)shorts[i] * shorts2[i];
    uint32_t byte_sum = 0;
    for (int i = 0; i < N; ++i) byte_sum += bytes[i];
    printf("%-24s %lld %u\n", "dot_and_sum", (long long)dot, byte_sum);

    // Shifts by a loop-invariant and by a varying count.
    for (int i = 0; i < N; ++i) ints_out[i] = (ints[i] >> 3) ^ (int32_t)((uint32_t)ints2[i] << (i & 31));
    report("shifts", ints_out, sizeof ints_out);

    // Float arithmetic element by element, and a multiply-add without contraction.
    for (int i = 0; i < N; ++i) floats_out[i] = floats[i] * floats2[i] + (floats[i] - floats2[i]) / 3.0f;
    report("float_math", floats_out, sizeof floats_out);
    for (int i = 0; i < N; ++i) doubles_out[i] = doubles[i] * 0.25 - doubles[i] * doubles[i] / 1e9;
    report("double_math", doubles_out, sizeof doubles_out);

    // Float min/max as C writes them (selects: pmin/pmax), and conversions in range.
    for (int i = 0; i < N; ++i) {
        float lo = floats[i] < floats2[i] ? floats[i] : floats2[i];
        float hi = floats[i] > floats2[i] ? floats[i] : floats2[i];
        floats_out[i] = hi - lo;
    }
    report("float_min_max", floats_out, sizeof floats_out);
    for (int i = 0; i < N; ++i) ints_out[i] = (int32_t)(floats2[i] * 1000.0f);
    report("float_to_int", ints_out, sizeof ints_out);
    for (int i = 0; i < N; ++i) floats_out[i] = (float)ints[i] + (float)(uint32_t)ints2[i];
    report("int_to_float", floats_out, sizeof floats_out);

    // i16 multiply keeping the low half, and a narrowing clamp to u8.
    for (int i = 0; i < N; ++i) {
        int v = (shorts[i] * shorts2[i]) >> 12;
        bytes_out[i] = v < 0 ? 0 : v > 255 ? 255 : (uint8_t)v;
    }
    report("narrow_clamp", bytes_out, sizeof bytes_out);

    // An in-order float reduction (not vectorised without reassociation, kept as a control).
    float total = 0.0f;
    for (int i = 0; i < N; ++i) total += floats_out[i] * 0.5f;
    printf("%-24s %a\n", "float_sum", total);
    return 0;
}

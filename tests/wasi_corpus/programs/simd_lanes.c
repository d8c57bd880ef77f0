// SIMD through wasm_simd128.h: built for wasm (with -msimd128) every operation below is one of
// the intrinsics; built natively it is a scalar reference written from the WebAssembly spec's
// definitions. Both print a checksum of each operation's results over the same inputs (special
// floats: NaN, +-0, infinities, values at the edges of the integer ranges, ties; integer edges;
// pseudo-random lanes), so any lane where faaslet's lowering departs from the spec shows up as a
// differing line. NaN lanes are counted as one canonical NaN: the spec leaves their payload open.

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

typedef struct {
    _Alignas(16) uint8_t bytes[16];
} vec;

// Lane access: ty lane i of v (the file is built with -fno-strict-aliasing).
#define LANE(ty, v, i) (((ty*)(v).bytes)[i])

enum result_kind { INTS, F32S, F64S };

typedef vec (*op_fn)(vec a, vec b);

#ifdef __wasm_simd128__

static v128_t in(vec v) { return wasm_v128_load(v.bytes); }
static vec out(v128_t v) {
    vec r;
    wasm_v128_store(r.bytes, v);
    return r;
}
static vec scalar_out(uint32_t x) {
    vec r = {{0}};
    LANE(uint32_t, r, 0) = x;
    return r;
}
#define BINARY(name, intrinsic) \
    static vec name(vec a, vec b) { return out(intrinsic(in(a), in(b))); }
#define UNARY(name, intrinsic) \
    static vec name(vec a, vec b) { (void)b; return out(intrinsic(in(a))); }
#define SHIFT(name, intrinsic) \
    static vec name(vec a, vec b) { return out(intrinsic(in(a), LANE(uint32_t, b, 0))); }
#define TEST(name, intrinsic) \
    static vec name(vec a, vec b) { (void)b; return scalar_out(intrinsic(in(a))); }

static v128_t shuffle_mix(v128_t a, v128_t b) {
    return wasm_i8x16_shuffle(a, b, 0, 17, 2, 19, 31, 30, 7, 7, 16, 1, 25, 11, 12, 29, 14, 3);
}

BINARY(op_swizzle, wasm_i8x16_swizzle)
BINARY(op_shuffle, shuffle_mix)
BINARY(op_f32x4_min, wasm_f32x4_min)
BINARY(op_f32x4_max, wasm_f32x4_max)
BINARY(op_f64x2_min, wasm_f64x2_min)
BINARY(op_f64x2_max, wasm_f64x2_max)
BINARY(op_f32x4_pmin, wasm_f32x4_pmin)
BINARY(op_f32x4_pmax, wasm_f32x4_pmax)
BINARY(op_f64x2_pmax, wasm_f64x2_pmax)
UNARY(op_i32x4_trunc_sat_f32x4, wasm_i32x4_trunc_sat_f32x4)
UNARY(op_u32x4_trunc_sat_f32x4, wasm_u32x4_trunc_sat_f32x4)
UNARY(op_i32x4_trunc_sat_f64x2_zero, wasm_i32x4_trunc_sat_f64x2_zero)
UNARY(op_u32x4_trunc_sat_f64x2_zero, wasm_u32x4_trunc_sat_f64x2_zero)
BINARY(op_i8x16_narrow_i16x8, wasm_i8x16_narrow_i16x8)
BINARY(op_u8x16_narrow_i16x8, wasm_u8x16_narrow_i16x8)
BINARY(op_i16x8_narrow_i32x4, wasm_i16x8_narrow_i32x4)
BINARY(op_u16x8_narrow_i32x4, wasm_u16x8_narrow_i32x4)
BINARY(op_q15mulr_sat, wasm_i16x8_q15mulr_sat)
BINARY(op_dot, wasm_i32x4_dot_i16x8)
BINARY(op_i16x8_extmul_high_i8x16, wasm_i16x8_extmul_high_i8x16)
BINARY(op_u64x2_extmul_low_u32x4, wasm_u64x2_extmul_low_u32x4)
UNARY(op_i16x8_extadd_pairwise_i8x16, wasm_i16x8_extadd_pairwise_i8x16)
UNARY(op_u32x4_extadd_pairwise_u16x8, wasm_u32x4_extadd_pairwise_u16x8)
UNARY(op_popcnt, wasm_i8x16_popcnt)
BINARY(op_u8x16_avgr, wasm_u8x16_avgr)
BINARY(op_i8x16_add_sat, wasm_i8x16_add_sat)
BINARY(op_u16x8_sub_sat, wasm_u16x8_sub_sat)
SHIFT(op_i8x16_shl, wasm_i8x16_shl)
SHIFT(op_i64x2_shr, wasm_i64x2_shr)
SHIFT(op_u16x8_shr, wasm_u16x8_shr)
TEST(op_i8x16_bitmask, wasm_i8x16_bitmask)
TEST(op_i32x4_all_true, wasm_i32x4_all_true)
TEST(op_any_true, wasm_v128_any_true)
UNARY(op_f32x4_convert_u32x4, wasm_f32x4_convert_u32x4)
UNARY(op_f64x2_convert_low_u32x4, wasm_f64x2_convert_low_u32x4)
UNARY(op_f32x4_demote_f64x2_zero, wasm_f32x4_demote_f64x2_zero)
UNARY(op_f64x2_promote_low_f32x4, wasm_f64x2_promote_low_f32x4)
UNARY(op_f32x4_nearest, wasm_f32x4_nearest)
UNARY(op_f64x2_floor, wasm_f64x2_floor)
UNARY(op_i8x16_abs, wasm_i8x16_abs)
BINARY(op_i64x2_mul, wasm_i64x2_mul)
BINARY(op_u8x16_gt, wasm_u8x16_gt)
BINARY(op_i64x2_lt, wasm_i64x2_lt)
BINARY(op_f32x4_le, wasm_f32x4_le)
BINARY(op_f64x2_div, wasm_f64x2_div)

#else  // The scalar reference.

#define FOR_LANES(ty) for (int i = 0; i < (int)(16 / sizeof(ty)); ++i)
#define LANEWISE(name, ty, expr)              \
    static vec name(vec a, vec b) {           \
        vec r;                                \
        (void)b;                              \
        FOR_LANES(ty) {                       \
            ty x = LANE(ty, a, i);            \
            ty y = LANE(ty, b, i);            \
            (void)y;                          \
            LANE(ty, r, i) = (ty)(expr);      \
        }                                     \
        return r;                             \
    }

static int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static vec op_swizzle(vec a, vec b) {
    vec r;
    for (int i = 0; i < 16; ++i) r.bytes[i] = b.bytes[i] < 16 ? a.bytes[b.bytes[i]] : 0;
    return r;
}

static vec op_shuffle(vec a, vec b) {
    static const int pick[16] = {0, 17, 2, 19, 31, 30, 7, 7, 16, 1, 25, 11, 12, 29, 14, 3};
    vec r;
    for (int i = 0; i < 16; ++i) r.bytes[i] = pick[i] < 16 ? a.bytes[pick[i]] : b.bytes[pick[i] - 16];
    return r;
}

// min/max: NaN if either is NaN, -0 below +0.
#define WASM_MIN(x, y) \
    (isnan(x) || isnan(y) ? NAN : (x) == (y) ? (signbit(x) ? (x) : (y)) : (x) < (y) ? (x) : (y))
#define WASM_MAX(x, y) \
    (isnan(x) || isnan(y) ? NAN : (x) == (y) ? (signbit(x) ? (y) : (x)) : (x) > (y) ? (x) : (y))
LANEWISE(op_f32x4_min, float, WASM_MIN(x, y))
LANEWISE(op_f32x4_max, float, WASM_MAX(x, y))
LANEWISE(op_f64x2_min, double, WASM_MIN(x, y))
LANEWISE(op_f64x2_max, double, WASM_MAX(x, y))
LANEWISE(op_f32x4_pmin, float, y < x ? y : x)
LANEWISE(op_f32x4_pmax, float, x < y ? y : x)
LANEWISE(op_f64x2_pmax, double, x < y ? y : x)

static int32_t sat_s32(double x) {
    return isnan(x) ? 0 : x <= -2147483648.0 ? INT32_MIN : x >= 2147483648.0 ? INT32_MAX : (int32_t)x;
}
static uint32_t sat_u32(double x) {
    return isnan(x) || x <= 0 ? 0 : x >= 4294967296.0 ? UINT32_MAX : (uint32_t)x;
}
static vec op_i32x4_trunc_sat_f32x4(vec a, vec b) {
    vec r;
    (void)b;
    for (int i = 0; i < 4; ++i) LANE(int32_t, r, i) = sat_s32(LANE(float, a, i));
    return r;
}
static vec op_u32x4_trunc_sat_f32x4(vec a, vec b) {
    vec r;
    (void)b;
    for (int i = 0; i < 4; ++i) LANE(uint32_t, r, i) = sat_u32(LANE(float, a, i));
    return r;
}
static vec op_i32x4_trunc_sat_f64x2_zero(vec a, vec b) {
    vec r = {{0}};
    (void)b;
    for (int i = 0; i < 2; ++i) LANE(int32_t, r, i) = sat_s32(LANE(double, a, i));
    return r;
}
static vec op_u32x4_trunc_sat_f64x2_zero(vec a, vec b) {
    vec r = {{0}};
    (void)b;
    for (int i = 0; i < 2; ++i) LANE(uint32_t, r, i) = sat_u32(LANE(double, a, i));
    return r;
}

#define NARROW(name, from, to, lo, hi)                                                   \
    static vec name(vec a, vec b) {                                                      \
        vec r;                                                                           \
        const int n = 16 / sizeof(from);                                                 \
        for (int i = 0; i < n; ++i) {                                                    \
            LANE(to, r, i) = (to)clamp(LANE(from, a, i), lo, hi);                        \
            LANE(to, r, i + n) = (to)clamp(LANE(from, b, i), lo, hi);                    \
        }                                                                                \
        return r;                                                                        \
    }
NARROW(op_i8x16_narrow_i16x8, int16_t, int8_t, INT8_MIN, INT8_MAX)
NARROW(op_u8x16_narrow_i16x8, int16_t, uint8_t, 0, UINT8_MAX)
NARROW(op_i16x8_narrow_i32x4, int32_t, int16_t, INT16_MIN, INT16_MAX)
NARROW(op_u16x8_narrow_i32x4, int32_t, uint16_t, 0, UINT16_MAX)

LANEWISE(op_q15mulr_sat, int16_t, clamp(((int32_t)x * y + 0x4000) >> 15, INT16_MIN, INT16_MAX))

static vec op_dot(vec a, vec b) {
    vec r;
    for (int i = 0; i < 4; ++i) {
        int64_t sum = (int32_t)LANE(int16_t, a, 2 * i) * LANE(int16_t, b, 2 * i) +
                      (int32_t)LANE(int16_t, a, 2 * i + 1) * LANE(int16_t, b, 2 * i + 1);
        LANE(uint32_t, r, i) = (uint32_t)sum;  // wraps, as i32.add does
    }
    return r;
}
static vec op_i16x8_extmul_high_i8x16(vec a, vec b) {
    vec r;
    for (int i = 0; i < 8; ++i) LANE(int16_t, r, i) = (int16_t)(LANE(int8_t, a, i + 8) * LANE(int8_t, b, i + 8));
    return r;
}
static vec op_u64x2_extmul_low_u32x4(vec a, vec b) {
    vec r;
    for (int i = 0; i < 2; ++i) LANE(uint64_t, r, i) = (uint64_t)LANE(uint32_t, a, i) * LANE(uint32_t, b, i);
    return r;
}
static vec op_i16x8_extadd_pairwise_i8x16(vec a, vec b) {
    vec r;
    (void)b;
    for (int i = 0; i < 8; ++i) LANE(int16_t, r, i) = (int16_t)(LANE(int8_t, a, 2 * i) + LANE(int8_t, a, 2 * i + 1));
    return r;
}
static vec op_u32x4_extadd_pairwise_u16x8(vec a, vec b) {
    vec r;
    (void)b;
    for (int i = 0; i < 4; ++i)
        LANE(uint32_t, r, i) = (uint32_t)LANE(uint16_t, a, 2 * i) + LANE(uint16_t, a, 2 * i + 1);
    return r;
}
LANEWISE(op_popcnt, uint8_t, __builtin_popcount(x))
LANEWISE(op_u8x16_avgr, uint8_t, ((unsigned)x + y + 1) / 2)
LANEWISE(op_i8x16_add_sat, int8_t, clamp((int)x + y, INT8_MIN, INT8_MAX))
LANEWISE(op_u16x8_sub_sat, uint16_t, x > y ? x - y : 0)

// Shift counts are taken modulo the lane width.
#define SHIFTWISE(name, ty, bits, op)                                            \
    static vec name(vec a, vec b) {                                              \
        vec r;                                                                   \
        uint32_t count = LANE(uint32_t, b, 0) % (bits);                          \
        FOR_LANES(ty) LANE(ty, r, i) = (ty)(LANE(ty, a, i) op count);            \
        return r;                                                                \
    }
SHIFTWISE(op_i8x16_shl, uint8_t, 8, <<)
SHIFTWISE(op_i64x2_shr, int64_t, 64, >>)
SHIFTWISE(op_u16x8_shr, uint16_t, 16, >>)

static vec scalar_out(uint32_t x) {
    vec r = {{0}};
    LANE(uint32_t, r, 0) = x;
    return r;
}
static vec op_i8x16_bitmask(vec a, vec b) {
    uint32_t mask = 0;
    (void)b;
    for (int i = 0; i < 16; ++i) mask |= (uint32_t)(a.bytes[i] >> 7) << i;
    return scalar_out(mask);
}
static vec op_i32x4_all_true(vec a, vec b) {
    int all = 1;
    (void)b;
    for (int i = 0; i < 4; ++i) all &= LANE(uint32_t, a, i) != 0;
    return scalar_out(all);
}
static vec op_any_true(vec a, vec b) {
    int any = 0;
    (void)b;
    for (int i = 0; i < 16; ++i) any |= a.bytes[i] != 0;
    return scalar_out(any);
}

LANEWISE(op_f32x4_convert_u32x4, float, (float)LANE(uint32_t, a, i))
static vec op_f64x2_convert_low_u32x4(vec a, vec b) {
    vec r;
    (void)b;
    for (int i = 0; i < 2; ++i) LANE(double, r, i) = LANE(uint32_t, a, i);
    return r;
}
static vec op_f32x4_demote_f64x2_zero(vec a, vec b) {
    vec r = {{0}};
    (void)b;
    for (int i = 0; i < 2; ++i) LANE(float, r, i) = (float)LANE(double, a, i);
    return r;
}
static vec op_f64x2_promote_low_f32x4(vec a, vec b) {
    vec r;
    (void)b;
    for (int i = 0; i < 2; ++i) LANE(double, r, i) = LANE(float, a, i);
    return r;
}
LANEWISE(op_f32x4_nearest, float, nearbyintf(x))
LANEWISE(op_f64x2_floor, double, floor(x))
LANEWISE(op_i8x16_abs, int8_t, x < 0 ? (uint8_t)-(int)x : x)
LANEWISE(op_i64x2_mul, uint64_t, x * y)
LANEWISE(op_u8x16_gt, uint8_t, x > y ? 0xff : 0)
LANEWISE(op_i64x2_lt, int64_t, x < y ? -1 : 0)
static vec op_f32x4_le(vec a, vec b) {
    vec r;
    for (int i = 0; i < 4; ++i) LANE(uint32_t, r, i) = LANE(float, a, i) <= LANE(float, b, i) ? UINT32_MAX : 0;
    return r;
}
LANEWISE(op_f64x2_div, double, x / y)

#endif

static const struct {
    const char* name;
    op_fn fn;
    enum result_kind kind;
} ops[] = {
    {"i8x16.swizzle", op_swizzle, INTS},
    {"i8x16.shuffle", op_shuffle, INTS},
    {"f32x4.min", op_f32x4_min, F32S},
    {"f32x4.max", op_f32x4_max, F32S},
    {"f64x2.min", op_f64x2_min, F64S},
    {"f64x2.max", op_f64x2_max, F64S},
    {"f32x4.pmin", op_f32x4_pmin, F32S},
    {"f32x4.pmax", op_f32x4_pmax, F32S},
    {"f64x2.pmax", op_f64x2_pmax, F64S},
    {"i32x4.trunc_sat_f32x4_s", op_i32x4_trunc_sat_f32x4, INTS},
    {"i32x4.trunc_sat_f32x4_u", op_u32x4_trunc_sat_f32x4, INTS},
    {"i32x4.trunc_sat_f64x2_s_zero", op_i32x4_trunc_sat_f64x2_zero, INTS},
    {"i32x4.trunc_sat_f64x2_u_zero", op_u32x4_trunc_sat_f64x2_zero, INTS},
    {"i8x16.narrow_i16x8_s", op_i8x16_narrow_i16x8, INTS},
    {"i8x16.narrow_i16x8_u", op_u8x16_narrow_i16x8, INTS},
    {"i16x8.narrow_i32x4_s", op_i16x8_narrow_i32x4, INTS},
    {"i16x8.narrow_i32x4_u", op_u16x8_narrow_i32x4, INTS},
    {"i16x8.q15mulr_sat_s", op_q15mulr_sat, INTS},
    {"i32x4.dot_i16x8_s", op_dot, INTS},
    {"i16x8.extmul_high_i8x16_s", op_i16x8_extmul_high_i8x16, INTS},
    {"i64x2.extmul_low_i32x4_u", op_u64x2_extmul_low_u32x4, INTS},
    {"i16x8.extadd_pairwise_i8x16_s", op_i16x8_extadd_pairwise_i8x16, INTS},
    {"i32x4.extadd_pairwise_i16x8_u", op_u32x4_extadd_pairwise_u16x8, INTS},
    {"i8x16.popcnt", op_popcnt, INTS},
    {"i8x16.avgr_u", op_u8x16_avgr, INTS},
    {"i8x16.add_sat_s", op_i8x16_add_sat, INTS},
    {"i16x8.sub_sat_u", op_u16x8_sub_sat, INTS},
    {"i8x16.shl", op_i8x16_shl, INTS},
    {"i64x2.shr_s", op_i64x2_shr, INTS},
    {"i16x8.shr_u", op_u16x8_shr, INTS},
    {"i8x16.bitmask", op_i8x16_bitmask, INTS},
    {"i32x4.all_true", op_i32x4_all_true, INTS},
    {"v128.any_true", op_any_true, INTS},
    {"f32x4.convert_i32x4_u", op_f32x4_convert_u32x4, F32S},
    {"f64x2.convert_low_i32x4_u", op_f64x2_convert_low_u32x4, F64S},
    {"f32x4.demote_f64x2_zero", op_f32x4_demote_f64x2_zero, F32S},
    {"f64x2.promote_low_f32x4", op_f64x2_promote_low_f32x4, F64S},
    {"f32x4.nearest", op_f32x4_nearest, F32S},
    {"f64x2.floor", op_f64x2_floor, F64S},
    {"i8x16.abs", op_i8x16_abs, INTS},
    {"i64x2.mul", op_i64x2_mul, INTS},
    {"i8x16.gt_u", op_u8x16_gt, INTS},
    {"i64x2.lt_s", op_i64x2_lt, INTS},
    {"f32x4.le", op_f32x4_le, INTS},
    {"f64x2.div", op_f64x2_div, F64S},
};

static uint32_t lcg_state = 12345;
static uint32_t next_random(void) {
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 8;
}

#define POOL 18
static vec pool[POOL];

static void fill_pool(void) {
    static const float f32s[] = {0.0f, -0.0f, 1.5f, -2.5f, NAN, INFINITY, -INFINITY, 3e9f, -3e9f,
                                 2147483520.0f, 2147483648.0f, 4294967040.0f, 4294967296.0f, 0.5f,
                                 2.5f, -0.5f, 1e-45f, 7.0f, -1.0f, 65535.75f};
    static const double f64s[] = {0.0, -0.0, 1.5, -2.5, NAN, INFINITY, -INFINITY, 3e9, -3e9,
                                  2147483647.5, 2147483648.0, 4294967295.9, 4294967296.0, -2147483648.9,
                                  -2147483649.0, 0.5, 2.5, 1e-310, -7.25, 1e300};
    static const uint16_t i16s[] = {0, 1, 0x7fff, 0x8000, 0xffff, 0x00ff, 0xff80, 0x0080, 0x4000, 0xc000};
    const int nf32 = sizeof f32s / sizeof f32s[0], nf64 = sizeof f64s / sizeof f64s[0];
    const int ni16 = sizeof i16s / sizeof i16s[0];
    for (int v = 0; v < POOL; ++v) {
        for (int i = 0; i < 16; ++i) pool[v].bytes[i] = (uint8_t)next_random();
        if (v < 6) {
            for (int i = 0; i < 4; ++i) LANE(float, pool[v], i) = f32s[next_random() % nf32];
        } else if (v < 10) {
            for (int i = 0; i < 2; ++i) LANE(double, pool[v], i) = f64s[next_random() % nf64];
        } else if (v < 13) {
            for (int i = 0; i < 8; ++i) LANE(uint16_t, pool[v], i) = i16s[next_random() % ni16];
        } else if (v < 15) {
            for (int i = 0; i < 16; ++i) pool[v].bytes[i] = (uint8_t)(next_random() % 24);  // swizzle indices
        } else if (v == 15) {
            memset(pool[v].bytes, 0, 16);
            pool[v].bytes[5] = 1;
        }
    }
}

// FNV-1a over the result's bytes, NaN lanes first made the canonical NaN.
static uint32_t hash_result(vec r, enum result_kind kind, uint32_t h) {
    if (kind == F32S) {
        for (int i = 0; i < 4; ++i)
            if (isnan(LANE(float, r, i))) LANE(uint32_t, r, i) = 0x7fc00000u;
    } else if (kind == F64S) {
        for (int i = 0; i < 2; ++i)
            if (isnan(LANE(double, r, i))) LANE(uint64_t, r, i) = 0x7ff8000000000000ull;
    }
    for (int i = 0; i < 16; ++i) h = (h ^ r.bytes[i]) * 16777619u;
    return h;
}

int main(void) {
    fill_pool();
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; ++k) {
        uint32_t h = 2166136261u;
        for (int a = 0; a < POOL; ++a)
            for (int b = 0; b < POOL; ++b) h = hash_result(ops[k].fn(pool[a], pool[b]), ops[k].kind, h);
        printf("%-32s %08x\n", ops[k].name, h);
    }
    return 0;
}

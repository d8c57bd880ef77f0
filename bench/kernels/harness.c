// Runs one kernel: init, then kernel_run timed with CLOCK_MONOTONIC (clock_time_get under WASI),
// then one line the driver parses. Only stdio and the clock: the wasm2c shim provides nothing else.

#include "harness.h"

#include <stdio.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t fnv1a(uint64_t hash, uint64_t word) {
    for (int byte = 0; byte < 8; ++byte) {
        hash ^= (word >> (8 * byte)) & 0xff;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

uint64_t checksum_doubles(const double* values, size_t count) {
    uint64_t hash = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < count; ++i) {
        union {
            double d;
            uint64_t u;
        } bits = {values[i]};
        hash = fnv1a(hash, bits.u);
    }
    return hash;
}

uint64_t checksum_ints(const int* values, size_t count) {
    uint64_t hash = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < count; ++i) hash = fnv1a(hash, (uint32_t)values[i]);
    return hash;
}

int main(void) {
    kernel_init();
    const double start = now_seconds();
    kernel_run();
    const double seconds = now_seconds() - start;
    printf("kernel %s seconds %.9f checksum %016llx\n", kernel_name, seconds,
           (unsigned long long)kernel_checksum());
    return 0;
}

// A WASI reactor (no main): its C constructors run only when the host calls `_initialize`, so an
// export called without it sees the tables unfilled.
#include <stdint.h>

static uint32_t squares[64];

__attribute__((constructor)) static void fillSquares(void) {
    for (uint32_t i = 0; i < 64; ++i) squares[i] = i * i;
}

__attribute__((export_name("square"))) uint32_t square(uint32_t i) { return squares[i % 64]; }

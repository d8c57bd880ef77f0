// Solver: forward substitution L x = b for a lower-triangular L, for a series of right-hand sides.
#include "harness.h"

#define N 4000
#define REPEAT 40

const char kernel_name[] = "trisolv";
static double L[N][N], x[N], b[N], total[N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i) {
        b[i] = i;
        total[i] = 0.0;
        for (int j = 0; j <= i; ++j) L[i][j] = i == j ? 2.0 : (double)((i + N - j + 1) * 2) / N / N;
    }
}

void kernel_run(void) {
    for (int r = 0; r < REPEAT; ++r) {
        for (int i = 0; i < N; ++i) {
            x[i] = b[i] + r;
            for (int j = 0; j < i; ++j) x[i] -= L[i][j] * x[j];
            x[i] = x[i] / L[i][i];
        }
        for (int i = 0; i < N; ++i) total[i] += x[i];
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(total, N);
}

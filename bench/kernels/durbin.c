// Solver: Levinson-Durbin recursion for a Toeplitz system, for a series of right-hand sides.
#include "harness.h"

#define N 4000
#define REPEAT 60

const char kernel_name[] = "durbin";
static double r[N], y[N], z[N], total[N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i) {
        r[i] = (double)(N + 1 - i) / (N * 200.0);
        total[i] = 0.0;
    }
}

void kernel_run(void) {
    for (int rep = 0; rep < REPEAT; ++rep) {
        double alpha = -r[0] * (1.0 + rep / (double)REPEAT), beta = 1.0;
        y[0] = alpha;
        for (int k = 1; k < N; ++k) {
            beta = (1 - alpha * alpha) * beta;
            double sum = 0.0;
            for (int i = 0; i < k; ++i) sum += r[k - i - 1] * y[i];
            alpha = -(r[k] + sum) / beta;
            for (int i = 0; i < k; ++i) z[i] = y[i] + alpha * y[k - i - 1];
            for (int i = 0; i < k; ++i) y[i] = z[i];
            y[k] = alpha;
        }
        for (int i = 0; i < N; ++i) total[i] += y[i];
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(total, N);
}

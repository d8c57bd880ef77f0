// BLAS: rank-2 update of A, then x = beta * A^T y + z and w = alpha * A x; repeated so the
// O(N^2) kernel runs long enough to time.
#include "harness.h"

#define N 2000
#define REPEAT 50

const char kernel_name[] = "gemver";
static double A[N][N], u1[N], v1[N], u2[N], v2[N], w[N], x[N], y[N], z[N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i) {
        u1[i] = i;
        u2[i] = (i + 1) / (double)N / 2.0;
        v1[i] = (i + 1) / (double)N / 4.0;
        v2[i] = (i + 1) / (double)N / 6.0;
        y[i] = (i + 1) / (double)N / 8.0;
        z[i] = (i + 1) / (double)N / 9.0;
        x[i] = 0.0;
        w[i] = 0.0;
        for (int j = 0; j < N; ++j) A[i][j] = (double)(i * j % N) / N;
    }
}

void kernel_run(void) {
    const double alpha = 1.5, beta = 1.2;
    for (int r = 0; r < REPEAT; ++r) {
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) A[i][j] = A[i][j] + u1[i] * v1[j] + u2[i] * v2[j];
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) x[i] = x[i] + beta * A[j][i] * y[j];
        for (int i = 0; i < N; ++i) x[i] = x[i] + z[i];
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) w[i] = w[i] + alpha * A[i][j] * x[j];
        // Keep values bounded across repetitions.
        for (int i = 0; i < N; ++i) {
            x[i] = x[i] / N;
            w[i] = w[i] / N;
        }
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(w, N) ^ checksum_doubles(x, N);
}

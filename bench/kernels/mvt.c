// BLAS: x1 += A y1 and x2 += A^T y2 (one row-wise, one column-wise walk); repeated so the O(N^2)
// kernel runs long enough to time.
#include "harness.h"

#define N 4000
#define REPEAT 10

const char kernel_name[] = "mvt";
static double A[N][N], x1[N], x2[N], y1[N], y2[N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i) {
        x1[i] = (double)(i % N) / N;
        x2[i] = (double)((i + 1) % N) / N;
        y1[i] = (double)((i + 3) % N) / N;
        y2[i] = (double)((i + 4) % N) / N;
        for (int j = 0; j < N; ++j) A[i][j] = (double)(i * j % N) / N;
    }
}

void kernel_run(void) {
    for (int r = 0; r < REPEAT; ++r) {
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) x1[i] = x1[i] + A[i][j] * y1[j];
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) x2[i] = x2[i] + A[j][i] * y2[j];
        for (int i = 0; i < N; ++i) {
            x1[i] = x1[i] / N;
            x2[i] = x2[i] / N;
        }
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(x1, N) ^ checksum_doubles(x2, N);
}

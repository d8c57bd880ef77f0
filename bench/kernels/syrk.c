// BLAS: symmetric rank-k update of the lower triangle, C = alpha * A * A^T + beta * C.
#include "harness.h"

#define N 1200
#define M 1000

const char kernel_name[] = "syrk";
static double A[N][M], C[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i) {
        for (int j = 0; j < M; ++j) A[i][j] = (double)((i * j + 1) % N) / N;
        for (int j = 0; j < N; ++j) C[i][j] = (double)((i * j + 2) % M) / M;
    }
}

void kernel_run(void) {
    const double alpha = 1.5, beta = 1.2;
    for (int i = 0; i < N; ++i) {
        for (int j = 0; j <= i; ++j) C[i][j] *= beta;
        for (int k = 0; k < M; ++k)
            for (int j = 0; j <= i; ++j) C[i][j] += alpha * A[i][k] * A[j][k];
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&C[0][0], N * N);
}

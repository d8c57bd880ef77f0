// BLAS: symmetric rank-2k update of the lower triangle, C = alpha * (A B^T + B A^T) + beta * C.
#include "harness.h"

#define N 1000
#define M 800

const char kernel_name[] = "syr2k";
static double A[N][M], B[N][M], C[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i) {
        for (int j = 0; j < M; ++j) {
            A[i][j] = (double)((i * j + 1) % N) / N;
            B[i][j] = (double)((i * j + 2) % M) / M;
        }
        for (int j = 0; j < N; ++j) C[i][j] = (double)((i * j + 3) % N) / M;
    }
}

void kernel_run(void) {
    const double alpha = 1.5, beta = 1.2;
    for (int i = 0; i < N; ++i) {
        for (int j = 0; j <= i; ++j) C[i][j] *= beta;
        for (int k = 0; k < M; ++k)
            for (int j = 0; j <= i; ++j) C[i][j] += A[j][k] * alpha * B[i][k] + B[j][k] * alpha * A[i][k];
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&C[0][0], N * N);
}

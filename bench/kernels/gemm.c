// BLAS: C = alpha * A * B + beta * C, in the i-k-j order that streams rows of B and C.
#include "harness.h"

#define N 1300

const char kernel_name[] = "gemm";
static double A[N][N], B[N][N], C[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) {
            A[i][j] = (double)((i * j + 1) % N) / N;
            B[i][j] = (double)((i * (j + 1) + 2) % N) / N;
            C[i][j] = (double)((i * (j + 2) + 3) % N) / N;
        }
}

void kernel_run(void) {
    const double alpha = 1.5, beta = 1.2;
    for (int i = 0; i < N; ++i) {
        for (int j = 0; j < N; ++j) C[i][j] *= beta;
        for (int k = 0; k < N; ++k)
            for (int j = 0; j < N; ++j) C[i][j] += alpha * A[i][k] * B[k][j];
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&C[0][0], N * N);
}

// Solver: Cholesky factorisation A = L L^T in place (A is symmetric and diagonally dominant, so
// positive definite).
#include "harness.h"

#define N 1500

const char kernel_name[] = "cholesky";
static double A[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) A[i][j] = i == j ? 10.0 : (double)((i + j) % 8) / N;
}

void kernel_run(void) {
    for (int i = 0; i < N; ++i) {
        for (int j = 0; j < i; ++j) {
            for (int k = 0; k < j; ++k) A[i][j] -= A[i][k] * A[j][k];
            A[i][j] /= A[j][j];
        }
        for (int k = 0; k < i; ++k) A[i][i] -= A[i][k] * A[i][k];
        A[i][i] = __builtin_sqrt(A[i][i]);
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&A[0][0], N * N);
}

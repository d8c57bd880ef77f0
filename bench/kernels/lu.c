// Solver: LU decomposition in place, without pivoting (the matrix is diagonally dominant).
#include "harness.h"

#define N 1500

const char kernel_name[] = "lu";
static double A[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) A[i][j] = i == j ? 10.0 : (double)((i * 3 + j * 5) % 8) / N;
}

void kernel_run(void) {
    for (int i = 0; i < N; ++i) {
        for (int j = 0; j < i; ++j) {
            for (int k = 0; k < j; ++k) A[i][j] -= A[i][k] * A[k][j];
            A[i][j] /= A[j][j];
        }
        for (int k = 0; k < i; ++k)
            for (int j = i; j < N; ++j) A[i][j] -= A[i][k] * A[k][j];
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&A[0][0], N * N);
}

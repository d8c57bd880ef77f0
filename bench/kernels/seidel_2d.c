// Stencil: 9-point Gauss-Seidel sweeps in place (each point reads values updated in this sweep,
// so the inner loop is a dependence chain).
#include "harness.h"

#define N 1000
#define STEPS 60

const char kernel_name[] = "seidel-2d";
static double A[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) A[i][j] = ((double)i * (j + 2) + 2) / N;
}

void kernel_run(void) {
    for (int t = 0; t < STEPS; ++t)
        for (int i = 1; i < N - 1; ++i)
            for (int j = 1; j < N - 1; ++j)
                A[i][j] = (A[i - 1][j - 1] + A[i - 1][j] + A[i - 1][j + 1] + A[i][j - 1] + A[i][j] +
                           A[i][j + 1] + A[i + 1][j - 1] + A[i + 1][j] + A[i + 1][j + 1]) /
                          9.0;
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&A[0][0], N * N);
}

// Stencil: 5-point Jacobi relaxation on a 2-D grid, ping-ponging between two arrays.
#include "harness.h"

#define N 1300
#define STEPS 200

const char kernel_name[] = "jacobi-2d";
static double A[N][N], B[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) {
            A[i][j] = ((double)i * (j + 2) + 2) / N;
            B[i][j] = ((double)i * (j + 3) + 3) / N;
        }
}

void kernel_run(void) {
    for (int t = 0; t < STEPS; ++t) {
        for (int i = 1; i < N - 1; ++i)
            for (int j = 1; j < N - 1; ++j)
                B[i][j] = 0.2 * (A[i][j] + A[i][j - 1] + A[i][j + 1] + A[i + 1][j] + A[i - 1][j]);
        for (int i = 1; i < N - 1; ++i)
            for (int j = 1; j < N - 1; ++j)
                A[i][j] = 0.2 * (B[i][j] + B[i][j - 1] + B[i][j + 1] + B[i + 1][j] + B[i - 1][j]);
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&A[0][0], N * N);
}

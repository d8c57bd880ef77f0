// Stencil: explicit heat equation on a 3-D grid (7-point), ping-ponging between two arrays.
#include "harness.h"

#define N 120
#define STEPS 100

const char kernel_name[] = "heat-3d";
static double A[N][N][N], B[N][N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j)
            for (int k = 0; k < N; ++k) A[i][j][k] = B[i][j][k] = (double)(i + j + (N - k)) * 10 / N;
}

static void step(double (*in)[N][N], double (*out)[N][N]) {
    for (int i = 1; i < N - 1; ++i)
        for (int j = 1; j < N - 1; ++j)
            for (int k = 1; k < N - 1; ++k)
                out[i][j][k] = 0.125 * (in[i + 1][j][k] - 2.0 * in[i][j][k] + in[i - 1][j][k]) +
                               0.125 * (in[i][j + 1][k] - 2.0 * in[i][j][k] + in[i][j - 1][k]) +
                               0.125 * (in[i][j][k + 1] - 2.0 * in[i][j][k] + in[i][j][k - 1]) + in[i][j][k];
}

void kernel_run(void) {
    for (int t = 0; t < STEPS; ++t) {
        step(A, B);
        step(B, A);
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&A[0][0][0], N * N * N);
}

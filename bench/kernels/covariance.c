// Data mining: covariance matrix of M variables over N observations.
#include "harness.h"

#define M 1000
#define N 1200

const char kernel_name[] = "covariance";
static double data[N][M], cov[M][M], mean[M];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < M; ++j) data[i][j] = ((double)i * j) / M;
}

void kernel_run(void) {
    for (int j = 0; j < M; ++j) {
        mean[j] = 0.0;
        for (int i = 0; i < N; ++i) mean[j] += data[i][j];
        mean[j] /= N;
    }
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < M; ++j) data[i][j] -= mean[j];
    for (int i = 0; i < M; ++i)
        for (int j = i; j < M; ++j) {
            double sum = 0.0;
            for (int k = 0; k < N; ++k) sum += data[k][i] * data[k][j];
            cov[i][j] = cov[j][i] = sum / (N - 1.0);
        }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&cov[0][0], M * M);
}

// Data mining: Pearson correlation matrix of M variables over N observations.
#include "harness.h"

#define M 1000
#define N 1200

const char kernel_name[] = "correlation";
static double data[N][M], corr[M][M], mean[M], stddev[M];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < M; ++j) data[i][j] = (double)(i * j) / M + i;
}

void kernel_run(void) {
    const double eps = 0.1;
    for (int j = 0; j < M; ++j) {
        mean[j] = 0.0;
        for (int i = 0; i < N; ++i) mean[j] += data[i][j];
        mean[j] /= N;
    }
    for (int j = 0; j < M; ++j) {
        stddev[j] = 0.0;
        for (int i = 0; i < N; ++i) stddev[j] += (data[i][j] - mean[j]) * (data[i][j] - mean[j]);
        stddev[j] = __builtin_sqrt(stddev[j] / N);
        // A near-constant variable would divide by (almost) zero.
        stddev[j] = stddev[j] <= eps ? 1.0 : stddev[j];
    }
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < M; ++j)
            data[i][j] = (data[i][j] - mean[j]) / (__builtin_sqrt((double)N) * stddev[j]);
    for (int i = 0; i < M - 1; ++i) {
        corr[i][i] = 1.0;
        for (int j = i + 1; j < M; ++j) {
            double sum = 0.0;
            for (int k = 0; k < N; ++k) sum += data[k][i] * data[k][j];
            corr[i][j] = corr[j][i] = sum;
        }
    }
    corr[M - 1][M - 1] = 1.0;
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&corr[0][0], M * M);
}

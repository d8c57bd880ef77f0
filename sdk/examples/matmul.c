// Multiplies two dense matrices of doubles and prints a checksum: a floating-point kernel.
#include <stdio.h>

#define N 128
static double a[N][N], b[N][N], c[N][N];

int main(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) {
            a[i][j] = (double)((i * j) % 7) / 7.0;
            b[i][j] = (double)((i + j) % 5) / 5.0;
        }
    for (int i = 0; i < N; ++i)
        for (int k = 0; k < N; ++k)
            for (int j = 0; j < N; ++j) c[i][j] += a[i][k] * b[k][j];
    double sum = 0;
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) sum += c[i][j];
    printf("checksum %.6f\n", sum);
    return 0;
}

// Dynamic programming: Nussinov's RNA folding (maximum number of base pairs of every subsequence).
#include "harness.h"

#define N 1500

const char kernel_name[] = "nussinov";
static int seq[N];
static int table[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i) seq[i] = (i * 7 + 1) % 4;
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) table[i][j] = 0;
}

static int max_int(int a, int b) {
    return a > b ? a : b;
}

// Bases 0-3 pair with their complement (A-U, C-G).
static int pairs(int a, int b) {
    return a + b == 3;
}

void kernel_run(void) {
    for (int i = N - 1; i >= 0; --i)
        for (int j = i + 1; j < N; ++j) {
            if (j - 1 >= 0) table[i][j] = max_int(table[i][j], table[i][j - 1]);
            if (i + 1 < N) table[i][j] = max_int(table[i][j], table[i + 1][j]);
            if (j - 1 >= 0 && i + 1 < N) {
                if (i < j - 1)
                    table[i][j] = max_int(table[i][j], table[i + 1][j - 1] + pairs(seq[i], seq[j]));
                else
                    table[i][j] = max_int(table[i][j], table[i + 1][j - 1]);
            }
            for (int k = i + 1; k < j; ++k) table[i][j] = max_int(table[i][j], table[i][k] + table[k + 1][j]);
        }
}

uint64_t kernel_checksum(void) {
    return checksum_ints(&table[0][0], N * N);
}

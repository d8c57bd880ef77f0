// Dynamic programming: all-pairs shortest paths (Floyd-Warshall) on a dense weighted graph.
#include "harness.h"

#define N 900

const char kernel_name[] = "floyd-warshall";
static int paths[N][N];

void kernel_init(void) {
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) {
            paths[i][j] = i * j % 7 + 1;
            if ((i + j) % 13 == 0 || (i + j) % 7 == 0 || (i + j) % 11 == 0) paths[i][j] = 999;
        }
}

void kernel_run(void) {
    for (int k = 0; k < N; ++k)
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) {
                const int through = paths[i][k] + paths[k][j];
                paths[i][j] = paths[i][j] < through ? paths[i][j] : through;
            }
}

uint64_t kernel_checksum(void) {
    return checksum_ints(&paths[0][0], N * N);
}

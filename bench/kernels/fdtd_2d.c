// Stencil: 2-D finite-difference time domain (electric fields ex, ey and magnetic field hz).
#include "harness.h"

#define NX 1000
#define NY 1000
#define STEPS 200

const char kernel_name[] = "fdtd-2d";
static double ex[NX][NY], ey[NX][NY], hz[NX][NY], fict[STEPS];

void kernel_init(void) {
    for (int t = 0; t < STEPS; ++t) fict[t] = t;
    for (int i = 0; i < NX; ++i)
        for (int j = 0; j < NY; ++j) {
            ex[i][j] = ((double)i * (j + 1)) / NX;
            ey[i][j] = ((double)i * (j + 2)) / NY;
            hz[i][j] = ((double)i * (j + 3)) / NX;
        }
}

void kernel_run(void) {
    for (int t = 0; t < STEPS; ++t) {
        for (int j = 0; j < NY; ++j) ey[0][j] = fict[t];
        for (int i = 1; i < NX; ++i)
            for (int j = 0; j < NY; ++j) ey[i][j] = ey[i][j] - 0.5 * (hz[i][j] - hz[i - 1][j]);
        for (int i = 0; i < NX; ++i)
            for (int j = 1; j < NY; ++j) ex[i][j] = ex[i][j] - 0.5 * (hz[i][j] - hz[i][j - 1]);
        for (int i = 0; i < NX - 1; ++i)
            for (int j = 0; j < NY - 1; ++j)
                hz[i][j] = hz[i][j] - 0.7 * (ex[i][j + 1] - ex[i][j] + ey[i + 1][j] - ey[i][j]);
    }
}

uint64_t kernel_checksum(void) {
    return checksum_doubles(&ex[0][0], NX * NY) ^ checksum_doubles(&ey[0][0], NX * NY) ^
           checksum_doubles(&hz[0][0], NX * NY);
}

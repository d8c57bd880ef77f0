// The state benchmark's probe (faaslet-bench-state):
//   map_many "COUNT SIZE"   maps COUNT values of SIZE bytes ("probe-0" ...) and outputs the
//                           nanoseconds each __faasm_read_state_ptr took, one per line
//   hold "SIZE MAP"         with MAP 1, maps "big" (SIZE bytes) and reads one byte of every
//                           4 KiB page; then appends to "arrivals" and waits for the local read
//                           lock of "gate", which the benchmark holds while it measures
#include <faaslet/serverless.h>

#include <stdio.h>
#include <time.h>

static long long now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000ll + t.tv_nsec;
}

static char text[1 << 16];

FAASLET_EXPORT(map_many) int map_many(void) {
    long n = faasmGetInput((unsigned char*)text, 63);
    text[n > 0 ? n : 0] = 0;
    int count = 0;
    long size = 0;
    if (sscanf(text, "%d %ld", &count, &size) != 2 || count <= 0 || count > 1000) return 1;
    long used = 0;
    for (int i = 0; i < count; ++i) {
        char key[32];
        snprintf(key, sizeof key, "probe-%d", i);
        const long long start = now();
        unsigned char* value = faasmReadStatePtr(key, size);
        const long long took = now() - start;
        if (!value) return 2;
        used += snprintf(text + used, sizeof text - (size_t)used, "%lld\n", took);
    }
    faasmSetOutput(text, used);
    return 0;
}

FAASLET_EXPORT(hold) int hold(void) {
    long n = faasmGetInput((unsigned char*)text, 63);
    text[n > 0 ? n : 0] = 0;
    long size = 0;
    int map = 0;
    if (sscanf(text, "%ld %d", &size, &map) != 2) return 1;
    volatile unsigned sum = 0;
    if (map) {
        const unsigned char* value = faasmReadStatePtr("big", size);
        if (!value) return 2;
        for (long at = 0; at < size; at += 4096) sum += value[at];
    }
    faasmAppendState("arrivals", (const unsigned char*)"x", 1);
    if (faasmLockStateRead("gate")) return 3;
    faasmUnlockStateRead("gate");
    return 0;
}

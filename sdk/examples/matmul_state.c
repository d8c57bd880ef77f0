// Matrix multiply over shared state: C = A x B for N x N matrices of doubles, rows of C split
// between workers. The inputs are mapped into every worker, which only reads them (the same
// physical pages in every Faaslet: nothing is copied); each worker writes its rows of C.
//
// State: mm-shape (N), mm-a, mm-b, mm-c (N*N doubles each, row-major).
// main (the function's entry), input "N WORKERS [copy]": sets A and B up (seed 1), chains WORKERS
// calls of its own export worker (worker_copy with "copy"), awaits them and outputs checksum's line:
//     faaslet invoke build/examples/matmul_state.wasm --input "512 16"
// Exports (each also a function entry of its own; the input is text):
//   setup "N SEED"     fills A and B (mapped) with values from SEED, zeroes C
//   worker "W COUNT"   rows [W*N/COUNT, (W+1)*N/COUNT) of C, through mappings of A, B and C
//   worker_copy "W COUNT"  the same rows on copies: A and B copied in whole (as a container
//                      must), its rows of C copied out with write_state_offset
//   checksum           prints the sum of C's elements and C[N-1][N-1]
#include <faaslet/serverless.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void input(char* text, long size) {
    long n = faasmGetInput((unsigned char*)text, size - 1);
    text[n > 0 ? n : 0] = 0;
}

static int fail(const char* what, long code) {
    char message[160];
    int n = snprintf(message, sizeof message, "%s failed: %ld\n", what, code);
    faasmSetOutput(message, n);
    return 1;
}

static uint32_t size(void) {
    uint32_t n = 0;
    return faasmReadState("mm-shape", (unsigned char*)&n, sizeof n) == (long)sizeof n ? n : 0;
}

static double value(uint64_t seed, uint64_t i) {
    uint64_t x = (seed << 32) ^ i;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (double)(x % 1000) / 1000.0 - 0.5;
}

static int setupMatrices(uint32_t n, uint32_t seed) {
    const long bytes = (long)n * n * 8;
    long rc = faasmWriteState("mm-shape", (const unsigned char*)&n, sizeof n);
    if (rc) return fail("writing mm-shape", rc);
    double* a = (double*)faasmReadStatePtr("mm-a", bytes);
    double* b = (double*)faasmReadStatePtr("mm-b", bytes);
    double* c = (double*)faasmReadStatePtr("mm-c", bytes);
    if (!a || !b || !c) return fail("setup: mapping the matrices", 0);
    for (uint64_t i = 0; i < (uint64_t)n * n; ++i) {
        a[i] = value(seed, i);
        b[i] = value(seed + 1, i);
    }
    memset(c, 0, (size_t)bytes);
    return 0;
}

FAASLET_EXPORT(setup) int setup(void) {
    char text[64];
    input(text, sizeof text);
    uint32_t n = 0, seed = 0;
    if (sscanf(text, "%u %u", &n, &seed) != 2 || n == 0 || n > 8192) return fail("setup: the input \"N SEED\"", -28);
    return setupMatrices(n, seed);
}

// Rows [first, last) of C = A x B (i-k-j order: B's rows are read contiguously).
static void multiply(uint32_t n, const double* a, const double* b, double* cRows, uint32_t first, uint32_t last) {
    for (uint32_t i = first; i < last; ++i) {
        double* row = &cRows[(uint64_t)(i - first) * n];
        memset(row, 0, (size_t)n * 8);
        for (uint32_t k = 0; k < n; ++k) {
            const double aik = a[(uint64_t)i * n + k];
            const double* bRow = &b[(uint64_t)k * n];
            for (uint32_t j = 0; j < n; ++j) row[j] += aik * bRow[j];
        }
    }
}

static int rows(uint32_t n, uint32_t* first, uint32_t* last) {
    char text[64];
    input(text, sizeof text);
    uint32_t w = 0, count = 0;
    if (sscanf(text, "%u %u", &w, &count) != 2 || count == 0 || w >= count) return 0;
    *first = (uint32_t)((uint64_t)w * n / count);
    *last = (uint32_t)((uint64_t)(w + 1) * n / count);
    return 1;
}

FAASLET_EXPORT(worker) int worker(void) {
    const uint32_t n = size();
    uint32_t first, last;
    if (!n) return fail("worker: reading mm-shape", -44);
    if (!rows(n, &first, &last)) return fail("worker: the input \"W COUNT\"", -28);
    const long bytes = (long)n * n * 8;
    const double* a = (const double*)faasmReadStatePtr("mm-a", bytes);
    const double* b = (const double*)faasmReadStatePtr("mm-b", bytes);
    // Only this worker's rows of C are mapped (a page range of the value).
    const long offset = (long)first * n * 8, length = (long)(last - first) * n * 8;
    double* c = length ? (double*)faasmReadStateOffsetPtr("mm-c", bytes, offset, length) : (double*)0;
    if (!a || !b || (length && !c)) return fail("worker: mapping the matrices", 0);
    multiply(n, a, b, c, first, last);
    return length ? (int)faasmFlagStateOffsetDirty("mm-c", bytes, offset, length) : 0;
}

FAASLET_EXPORT(worker_copy) int worker_copy(void) {
    const uint32_t n = size();
    uint32_t first, last;
    if (!n) return fail("worker_copy: reading mm-shape", -44);
    if (!rows(n, &first, &last)) return fail("worker_copy: the input \"W COUNT\"", -28);
    const long bytes = (long)n * n * 8;
    double* a = malloc((size_t)bytes);
    double* b = malloc((size_t)bytes);
    double* c = malloc((size_t)(last - first) * n * 8 + 8);
    if (!a || !b || !c) return fail("worker_copy: allocating the copies", -48);
    long rc = faasmReadState("mm-a", (unsigned char*)a, bytes);
    if (rc == bytes) rc = faasmReadState("mm-b", (unsigned char*)b, bytes);
    if (rc != bytes) return fail("worker_copy: copying A and B in", rc);
    multiply(n, a, b, c, first, last);
    const long length = (long)(last - first) * n * 8;
    rc = length ? faasmWriteStateOffset("mm-c", bytes, (long)first * n * 8, (const unsigned char*)c, length) : 0;
    return rc ? fail("worker_copy: copying C's rows out", rc) : 0;
}

FAASLET_EXPORT(checksum) int checksum(void) {
    const uint32_t n = size();
    if (!n) return fail("checksum: reading mm-shape", -44);
    const double* c = (const double*)faasmReadStatePtr("mm-c", (long)n * n * 8);
    if (!c) return fail("checksum: mapping C", 0);
    double sum = 0;
    for (uint64_t i = 0; i < (uint64_t)n * n; ++i) sum += c[i];
    char out[96];
    int len = snprintf(out, sizeof out, "sum %.6f last %.6f\n", sum, c[(uint64_t)n * n - 1]);
    faasmSetOutput(out, len);
    return 0;
}

int main(void) {
    char text[64];
    input(text, sizeof text);
    uint32_t n = 0, workers = 0;
    char mode[8] = "map";
    const int fields = sscanf(text, "%u %u %7s", &n, &workers, mode);
    const int copy = !strcmp(mode, "copy");
    if (fields < 2 || n == 0 || n > 8192 || workers == 0 || workers > 64 || (!copy && strcmp(mode, "map")))
        return fail("matmul_state: the input \"N(1-8192) WORKERS(1-64) [copy]\"", -28);
    if (setupMatrices(n, 1)) return 1;
    int ids[64];
    for (uint32_t w = 0; w < workers; ++w) {
        char request[32];
        int length = snprintf(request, sizeof request, "%u %u", w, workers);
        ids[w] = __faaslet_chain_export(copy ? "worker_copy" : "worker", (const unsigned char*)request, length);
        if (ids[w] < 0) return fail("matmul_state: chaining a worker", ids[w]);
    }
    for (uint32_t w = 0; w < workers; ++w) {
        int rc = __faasm_await_call((unsigned)ids[w]);
        if (rc != 0) return fail("matmul_state: a worker", rc);
    }
    return checksum();
}

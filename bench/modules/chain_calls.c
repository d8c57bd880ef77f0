// The functions bench/tools/chaining_main.cpp drives: chained calls timed inside the caller with
// the WASI monotonic clock, each result a list of nanosecond samples (int64) as the call's output.
//   rtt N            N times: chain noop_1k with 1 KiB, await it, read its 1 KiB output; then N
//                    direct calls of noop_1k in this instance; 2N samples (chained, then direct)
//   payload SIZE N   N times: chain echo with SIZE bytes, await, read the SIZE bytes back
// (each call released once read, so the caller holds one output at a time)
//   fanout N         chains noop N times, then awaits every call: one sample, the whole
// Built as a WASI reactor with the SDK's header; every entry chains its own exports.
#include <faaslet/serverless.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static unsigned char kilobyte[1024];

FAASLET_EXPORT(noop) int noop(void) { return 0; }

// Reads up to 1 KiB of its input and writes 1 KiB of output.
FAASLET_EXPORT(noop_1k) int noop1k(void) {
    unsigned char in[1024];
    faasmGetInput(in, sizeof in);
    faasmSetOutput((const char*)kilobyte, sizeof kilobyte);
    return 0;
}

FAASLET_EXPORT(echo) int echo(void) {
    long size = faasmGetInputSize();
    unsigned char* bytes = malloc((size_t)size + 1);
    faasmGetInput(bytes, size);
    faasmSetOutput((const char*)bytes, size);
    return 0;
}

static char* inputText(void) {
    long size = faasmGetInputSize();
    char* text = malloc((size_t)(size > 0 ? size : 0) + 1);
    size = size > 0 ? faasmGetInput((unsigned char*)text, size) : 0;
    text[size > 0 ? size : 0] = 0;
    return text;
}

static int fail(int code) {
    faasmSetOutput("", 0);
    return code < 0 ? -code : 1;
}

static int rtt(long n) {
    int64_t* samples = malloc(sizeof(int64_t) * 2 * (size_t)n);
    unsigned char out[1024];
    memset(kilobyte, 'k', sizeof kilobyte);
    for (long i = 0; i < n; ++i) {
        const int64_t start = now();
        int id = __faaslet_chain_export("noop_1k", kilobyte, sizeof kilobyte);
        if (id < 0) return fail(id);
        int code = __faasm_await_call((unsigned)id);
        if (code != 0 || __faaslet_call_output((unsigned)id, (char*)out, sizeof out) != sizeof out) return fail(code);
        __faaslet_call_release((unsigned)id);
        samples[i] = now() - start;
    }
    for (long i = 0; i < n; ++i) {
        const int64_t start = now();
        noop1k();
        samples[n + i] = now() - start;
    }
    faasmSetOutput((const char*)samples, (long)(sizeof(int64_t) * 2 * (size_t)n));
    return 0;
}

static int payload(long size, long n) {
    unsigned char* bytes = malloc((size_t)size);
    unsigned char* back = malloc((size_t)size);
    for (long i = 0; i < size; ++i) bytes[i] = (unsigned char)(i * 131);
    memset(back, 0, (size_t)size);
    int64_t* samples = malloc(sizeof(int64_t) * (size_t)n);
    for (long i = 0; i < n; ++i) {
        const int64_t start = now();
        int id = __faaslet_chain_export("echo", bytes, size);
        if (id < 0) return fail(id);
        int code = __faasm_await_call((unsigned)id);
        if (code != 0 || __faaslet_call_output((unsigned)id, (char*)back, size) != size) return fail(code);
        __faaslet_call_release((unsigned)id);
        samples[i] = now() - start;
    }
    if (memcmp(bytes, back, (size_t)size) != 0) return fail(-1);
    faasmSetOutput((const char*)samples, (long)(sizeof(int64_t) * (size_t)n));
    return 0;
}

static int fanout(long n) {
    unsigned* ids = malloc(sizeof(unsigned) * (size_t)n);
    const int64_t start = now();
    for (long i = 0; i < n; ++i) {
        int id = __faaslet_chain_export("noop", 0, 0);
        if (id < 0) return fail(id);
        ids[i] = (unsigned)id;
    }
    for (long i = 0; i < n; ++i)
        if (__faasm_await_call(ids[i]) != 0) return fail(-1);
    const int64_t elapsed = now() - start;
    faasmSetOutput((const char*)&elapsed, sizeof elapsed);
    return 0;
}

FAASLET_EXPORT(bench) int bench(void) {
    char* text = inputText();
    char* rest = strchr(text, ' ');
    if (!rest) return fail(-1);
    *rest++ = 0;
    if (strcmp(text, "rtt") == 0) return rtt(atol(rest));
    if (strcmp(text, "fanout") == 0) return fanout(atol(rest));
    if (strcmp(text, "payload") == 0) {
        char* count = strchr(rest, ' ');
        return count ? payload(atol(rest), atol(count + 1)) : fail(-1);
    }
    return fail(-1);
}

// A function for the chained-call tests: a WASI reactor whose exports are the entries the tests
// register as functions (each takes its input through the serverless API and returns a code).
//   noop           nothing
//   echo           output = input
//   square         input a decimal n, output n*n in decimal
//   fail           traps
//   loop           never ends
//   fanout         input "N NAME": chains NAME N times (inputs 0..N-1), awaits every call and
//                  outputs "SUM FAILURES" (SUM of the outputs read as numbers)
//   fanout_batch   the same through one __faaslet_chain_batch
//   fanout_self    input "N": chains its own export "square" N times, output as fanout
//   forget         input "N NAME": chains NAME N times and awaits none
//   recurse        input n: n == 0 outputs 0; else chains its own export recurse with n - 1 and
//                  outputs the callee's output + 1, or "error CODE" when a chain or await failed
//   recurse_ptr    the same through __faasm_chain_ptr (a function pointer to itself)
//   relay          chains its own export echo with its input, awaits the output, outputs it
//   probe          input names an error case; outputs the codes it met, space separated
#include <faaslet/serverless.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT(name) __attribute__((export_name(#name)))

static char* readAll(long* size) {
    *size = faasmGetInputSize();
    char* bytes = malloc((size_t)*size + 1);
    if (*size > 0) *size = faasmGetInput((unsigned char*)bytes, *size);
    if (*size < 0) *size = 0;
    bytes[*size] = 0;
    return bytes;
}

static void outputText(const char* text) {
    faasmSetOutput(text, (long)strlen(text));
}

// The decimal number a finished call wrote as its output (-1 if it wrote none).
static long long outputNumber(unsigned id) {
    char text[32];
    long n = __faaslet_call_output(id, text, sizeof text - 1);
    if (n <= 0) return -1;
    text[n] = 0;
    return atoll(text);
}

EXPORT(noop) int noop(void) { return 0; }

EXPORT(echo) int echo(void) {
    long size;
    char* in = readAll(&size);
    faasmSetOutput(in, size);
    return 0;
}

EXPORT(square) int square(void) {
    long size;
    char* in = readAll(&size);
    long long n = atoll(in);
    char text[32];
    snprintf(text, sizeof text, "%lld", n * n);
    outputText(text);
    return 0;
}

EXPORT(fail) int fail(void) { __builtin_trap(); }

EXPORT(loop) int loop(void) {
    for (volatile int i = 0;; ++i) {
    }
}

static void gather(unsigned* ids, int n) {
    long long sum = 0;
    int failures = 0;
    for (int i = 0; i < n; ++i) {
        int code = __faasm_await_call(ids[i]);
        long long value = outputNumber(ids[i]);
        if (code != 0 || value < 0) ++failures;
        else sum += value;
    }
    char text[64];
    snprintf(text, sizeof text, "%lld %d", sum, failures);
    outputText(text);
}

EXPORT(fanout) int fanout(void) {
    long size;
    char* in = readAll(&size);
    int n = atoi(in);
    const char* name = strchr(in, ' ') ? strchr(in, ' ') + 1 : "square";
    unsigned* ids = malloc(sizeof(unsigned) * (size_t)n);
    for (int i = 0; i < n; ++i) {
        char arg[16];
        int len = snprintf(arg, sizeof arg, "%d", i);
        ids[i] = __faasm_chain_name(name, (const unsigned char*)arg, len);
        if ((int)ids[i] < 0) {
            char text[32];
            snprintf(text, sizeof text, "error %d", (int)ids[i]);
            outputText(text);
            return 1;
        }
    }
    gather(ids, n);
    return 0;
}

EXPORT(fanout_batch) int fanoutBatch(void) {
    long size;
    char* in = readAll(&size);
    int n = atoi(in);
    const char* name = strchr(in, ' ') ? strchr(in, ' ') + 1 : "square";
    faaslet_chain_request* requests = malloc(sizeof *requests * (size_t)n);
    char* args = malloc(16 * (size_t)n);
    for (int i = 0; i < n; ++i) {
        requests[i].name = name;
        requests[i].input = (const unsigned char*)(args + 16 * i);
        requests[i].inputLen = snprintf(args + 16 * i, 16, "%d", i);
    }
    unsigned* ids = malloc(sizeof(unsigned) * (size_t)n);
    int chained = __faaslet_chain_batch(requests, n, ids);
    if (chained != n) {
        char text[32];
        snprintf(text, sizeof text, "error %d", chained);
        outputText(text);
        return 1;
    }
    gather(ids, n);
    return 0;
}

EXPORT(fanout_self) int fanoutSelf(void) {
    long size;
    char* in = readAll(&size);
    int n = atoi(in);
    unsigned* ids = malloc(sizeof(unsigned) * (size_t)n);
    for (int i = 0; i < n; ++i) {
        char arg[16];
        int len = snprintf(arg, sizeof arg, "%d", i);
        ids[i] = (unsigned)__faaslet_chain_export("square", (const unsigned char*)arg, len);
    }
    gather(ids, n);
    return 0;
}

EXPORT(forget) int forget(void) {
    long size;
    char* in = readAll(&size);
    int n = atoi(in);
    const char* name = strchr(in, ' ') ? strchr(in, ' ') + 1 : "square";
    for (int i = 0; i < n; ++i) __faasm_chain_name(name, (const unsigned char*)"7", 1);
    return 0;
}

static int recurseBy(int byPointer);

EXPORT(recurse) int recurse(void) { return recurseBy(0); }
EXPORT(recurse_ptr) int recursePtr(void) { return recurseBy(1); }

static int recurseBy(int byPointer) {
    long size;
    char* in = readAll(&size);
    int n = atoi(in);
    char text[32];
    if (n == 0) {
        outputText("0");
        return 0;
    }
    int len = snprintf(text, sizeof text, "%d", n - 1);
    int id = byPointer ? (int)__faasm_chain_ptr(recursePtr, (const unsigned char*)text, len)
                       : __faaslet_chain_export("recurse", (const unsigned char*)text, len);
    if (id < 0) {
        snprintf(text, sizeof text, "error %d", id);
        outputText(text);
        return 0;
    }
    int code = __faasm_await_call((unsigned)id);
    char below[32];
    long got = __faaslet_call_output((unsigned)id, below, sizeof below - 1);
    below[got > 0 ? got : 0] = 0;
    if (code != 0) snprintf(text, sizeof text, "error %d", code);
    else if (strncmp(below, "error", 5) == 0) snprintf(text, sizeof text, "%s", below);
    else snprintf(text, sizeof text, "%d", atoi(below) + 1);
    outputText(text);
    return 0;
}

EXPORT(relay) int relay(void) {
    long size;
    char* in = readAll(&size);
    int id = __faaslet_chain_export("echo", (const unsigned char*)in, size);
    free(in);
    if (id < 0 || __faasm_await_call((unsigned)id) != 0) return 1;
    long n = __faaslet_call_output((unsigned)id, 0, 0);
    char* out = malloc((size_t)n + 1);
    if (__faaslet_call_output((unsigned)id, out, n) != n) return 2;
    faasmSetOutput(out, n);
    return 0;
}

static char report[4096];

static void note(const char* label, long value) {
    size_t at = strlen(report);
    snprintf(report + at, sizeof report - at, "%s%s=%ld", at ? " " : "", label, value);
}

static void noteError(unsigned id) {
    char message[256];
    long n = __faaslet_call_error(id, message, sizeof message - 1);
    message[n > 0 ? n : 0] = 0;
    size_t at = strlen(report);
    snprintf(report + at, sizeof report - at, " [%s]", message);
}

static int chainNamed(const char* name) {
    return (int)__faasm_chain_name(name, (const unsigned char*)"3", 1);
}

EXPORT(probe) int probe(void) {
    long size;
    char* in = readAll(&size);
    report[0] = 0;
    if (strcmp(in, "unknown") == 0) {
        note("unknown", chainNamed("nosuch"));
        note("unknown_user", chainNamed("other/square"));
        note("unknown_export", __faaslet_chain_export("nosuch", (const unsigned char*)"", 0));
        note("unknown_slot", (int)__faasm_chain_ptr((int (*)(void))(unsigned long)100000, 0, 0));
    } else if (strcmp(in, "bad") == 0) {
        char longName[300];
        memset(longName, 'a', sizeof longName - 1);
        longName[sizeof longName - 1] = 0;
        note("long_name", chainNamed(longName));
        note("empty_name", chainNamed(""));
        note("not_a_function", __faaslet_chain_export("memory", (const unsigned char*)"", 0));
        note("wrong_type", __faaslet_chain_export("takes_arg", (const unsigned char*)"", 0));
        note("input_outside", (int)__faasm_chain_name("square", (const unsigned char*)0xfffffff0, 64));
        note("name_outside", (int)__faasm_chain_name((const char*)0xfffffff0, (const unsigned char*)"", 0));
        note("negative_timeout", __faaslet_await_call_timeout(1, -5));
        faaslet_chain_request requests[3] = {{"square", (const unsigned char*)"1", 1},
                                             {"nosuch", (const unsigned char*)"2", 1},
                                             {"square", (const unsigned char*)"3", 1}};
        unsigned ids[3] = {0, 0, 0};
        note("batch_unknown", __faaslet_chain_batch(requests, 3, ids));
        note("batch_ids_untouched", (long)(ids[0] | ids[1] | ids[2]));
    } else if (strcmp(in, "ids") == 0) {
        note("not_yours", __faasm_await_call(123456));
        note("not_yours_output", __faaslet_call_output(123456, 0, 0));
        int id = chainNamed("square");
        note("not_awaited_output", __faaslet_call_output((unsigned)id, 0, 0));
        note("first", __faasm_await_call((unsigned)id));
        note("twice", __faasm_await_call((unsigned)id));
        note("output", outputNumber((unsigned)id));
        note("error_size", __faaslet_call_error((unsigned)id, 0, 0));
        note("released", __faaslet_call_release((unsigned)id));
        note("after_release", __faasm_await_call((unsigned)id));
        note("output_after_release", __faaslet_call_output((unsigned)id, 0, 0));
        note("released_unawaited", __faaslet_call_release((unsigned)chainNamed("square")));
        note("release_twice", __faaslet_call_release((unsigned)id));
    } else if (strcmp(in, "callee") == 0) {
        int trapped = chainNamed("fail");
        note("trapped", __faasm_await_call((unsigned)trapped));
        noteError((unsigned)trapped);
        int looping = chainNamed("loop");
        note("waited", __faaslet_await_call_timeout((unsigned)looping, 20));
        note("polled", __faaslet_await_call_timeout((unsigned)looping, 0));
        note("timed_out", __faasm_await_call((unsigned)looping));
        noteError((unsigned)looping);
    } else if (strncmp(in, "many ", 5) == 0) {
        int n = atoi(in + 5), last = 0;
        for (int i = 0; i < n; ++i) last = chainNamed("noop");
        note("last", last);
        // A released call no longer counts against the limit.
        if (last > 0) {
            __faaslet_call_release((unsigned)last);
            note("after_release", chainNamed("noop") > 0);
        }
    } else if (strncmp(in, "flood ", 6) == 0) {
        // Chains N calls of slow while its queue is tiny: some are turned away.
        int n = atoi(in + 6), overloaded = 0, ok = 0;
        unsigned* ids = malloc(sizeof(unsigned) * (size_t)n);
        for (int i = 0; i < n; ++i) ids[i] = (unsigned)chainNamed("slow");
        for (int i = 0; i < n; ++i) {
            int code = __faasm_await_call(ids[i]);
            overloaded += code == FAASLET_CHAIN_CALLEE_OVERLOADED;
            ok += code == 0;
        }
        note("ok", ok);
        note("overloaded", overloaded);
    } else if (strcmp(in, "await_forever") == 0) {
        // Awaits an endless callee without a timeout of its own: the caller's timeout stops it.
        __faasm_await_call((unsigned)chainNamed("loop"));
    }
    outputText(report);
    return 0;
}

// An export of the wrong type for an entry.
EXPORT(takes_arg) int takesArg(int x) { return x; }

// Sleeps 20 ms: a callee that keeps its Faaslet busy.
EXPORT(slow) int slow(void) {
    struct timespec t = {0, 20 * 1000 * 1000};
    nanosleep(&t, 0);
    return 0;
}

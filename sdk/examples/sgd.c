// Hogwild SGD over shared state, as in the Faasm paper: sparse logistic regression on a generated
// data set, N workers updating one weight vector without locks.
//
// State (user-scoped keys):
//   sgd-data     EXAMPLES x NONZEROS (feature index u32, value f32) pairs
//   sgd-labels   EXAMPLES floats, 0 or 1
//   sgd-weights  FEATURES floats, the model every worker trains
// main (the function's entry), input "WORKERS STEPS [EXAMPLES FEATURES NONZEROS SEED] [copy]":
//   sets the data set up, chains WORKERS calls of its own export worker (worker_copy with "copy"),
//   each doing STEPS / WORKERS steps on its own Faaslet, awaits them and outputs evaluate's line:
//     faaslet invoke build/examples/sgd.wasm --input "16 400000"
//   (the data set by default: 131072 examples, 262144 features, 16 nonzeros each, seed 7)
// Exports (each also a function entry of its own; the input is text):
//   setup "EXAMPLES FEATURES NONZEROS SEED"   generates the data set in place (mapped) and zeroes the weights
//   worker "W N STEPS"                        maps data and weights, runs STEPS updates on examples
//                                             drawn from the whole set (Hogwild: plain stores to the shared
//                                             weights, as the SDK's concurrency rules allow)
//   worker_copy "W N STEPS"                   the same computation on copies: data and weights copied
//                                             in (as a container must), its change to the weights
//                                             added back under the write lock
//   evaluate                                  prints the accuracy and log loss of the weights
// The sizes live in a small state value ("sgd-shape") so workers and evaluate need only their own input.
#include <faaslet/serverless.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t examples, features, nonzeros, seed;
} Shape;

typedef struct {
    uint32_t index;
    float value;
} Entry;

static const float kLearningRate = 0.05f;

static uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

static float unit(uint64_t h) {  // [-1, 1)
    return (float)((double)(h >> 11) / (double)(1ull << 53) * 2.0 - 1.0);
}

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

static int readShape(Shape* shape) {
    return faasmReadState("sgd-shape", (unsigned char*)shape, sizeof *shape) == (long)sizeof *shape;
}

static long dataBytes(const Shape* s) {
    return (long)s->examples * s->nonzeros * (long)sizeof(Entry);
}

static int setupShape(Shape s) {
    long rc = faasmWriteState("sgd-shape", (const unsigned char*)&s, sizeof s);
    if (rc) return fail("writing sgd-shape", rc);
    Entry* data = (Entry*)faasmReadStatePtr("sgd-data", dataBytes(&s));
    float* labels = (float*)faasmReadStatePtr("sgd-labels", (long)s.examples * 4);
    float* weights = (float*)faasmReadStatePtr("sgd-weights", (long)s.features * 4);
    if (!data || !labels || !weights) return fail("mapping the data set", 0);
    // A hidden true model labels every example: 1 when its score is positive.
    for (uint32_t e = 0; e < s.examples; ++e) {
        float score = 0;
        for (uint32_t k = 0; k < s.nonzeros; ++k) {
            Entry* entry = &data[(uint64_t)e * s.nonzeros + k];
            entry->index = (uint32_t)(mix(((uint64_t)s.seed << 40) ^ ((uint64_t)e << 8) ^ k) % s.features);
            entry->value = unit(mix(((uint64_t)s.seed << 40) ^ ((uint64_t)e << 8) ^ k ^ 0x5bd1e995ull));
            score += entry->value * unit(mix((uint64_t)entry->index ^ 0x9e3779b97f4a7c15ull ^ s.seed));
        }
        labels[e] = score > 0 ? 1.0f : 0.0f;
    }
    memset(weights, 0, (size_t)s.features * 4);
    return 0;
}

FAASLET_EXPORT(setup) int setup(void) {
    char text[128];
    input(text, sizeof text);
    Shape s = {0};
    if (sscanf(text, "%u %u %u %u", &s.examples, &s.features, &s.nonzeros, &s.seed) != 4 || !s.examples ||
        !s.features || !s.nonzeros)
        return fail("setup: the input \"EXAMPLES FEATURES NONZEROS SEED\"", -28);
    return setupShape(s);
}

// One step on example e against `weights` (shared or a copy).
static void step(const Shape* s, const Entry* data, const float* labels, float* weights, uint32_t e) {
    const Entry* x = &data[(uint64_t)e * s->nonzeros];
    float score = 0;
    for (uint32_t k = 0; k < s->nonzeros; ++k) score += weights[x[k].index] * x[k].value;
    const float gradient = 1.0f / (1.0f + expf(-score)) - labels[e];
    for (uint32_t k = 0; k < s->nonzeros; ++k) weights[x[k].index] -= kLearningRate * gradient * x[k].value;
}

static int workerInput(uint32_t* w, uint32_t* n, uint32_t* steps) {
    char text[128];
    input(text, sizeof text);
    return sscanf(text, "%u %u %u", w, n, steps) == 3 && *n > 0 && *w < *n;
}

FAASLET_EXPORT(worker) int worker(void) {
    uint32_t w, n, steps;
    Shape s;
    if (!workerInput(&w, &n, &steps)) return fail("worker: the input \"W N STEPS\"", -28);
    if (!readShape(&s)) return fail("worker: reading sgd-shape", -44);
    const Entry* data = (const Entry*)faasmReadStatePtr("sgd-data", dataBytes(&s));
    const float* labels = (const float*)faasmReadStatePtr("sgd-labels", (long)s.examples * 4);
    float* weights = (float*)faasmReadStatePtr("sgd-weights", (long)s.features * 4);
    if (!data || !labels || !weights) return fail("worker: mapping the state", 0);
    for (uint32_t i = 0; i < steps; ++i)
        step(&s, data, labels, weights, (uint32_t)(mix(((uint64_t)w << 32) | i) % s.examples));
    faasmFlagStateDirty("sgd-weights", (long)s.features * 4);
    return 0;
}

FAASLET_EXPORT(worker_copy) int worker_copy(void) {
    uint32_t w, n, steps;
    Shape s;
    if (!workerInput(&w, &n, &steps)) return fail("worker_copy: the input \"W N STEPS\"", -28);
    if (!readShape(&s)) return fail("worker_copy: reading sgd-shape", -44);
    const long weightBytes = (long)s.features * 4;
    Entry* data = malloc((size_t)dataBytes(&s));
    float* labels = malloc((size_t)s.examples * 4);
    float* weights = malloc((size_t)weightBytes);
    float* start = malloc((size_t)weightBytes);
    if (!data || !labels || !weights || !start) return fail("worker_copy: allocating the copies", -48);
    long rc = faasmReadState("sgd-data", (unsigned char*)data, dataBytes(&s));
    if (rc == dataBytes(&s)) rc = faasmReadState("sgd-labels", (unsigned char*)labels, (long)s.examples * 4);
    if (rc == (long)s.examples * 4) rc = faasmReadState("sgd-weights", (unsigned char*)weights, weightBytes);
    if (rc != weightBytes) return fail("worker_copy: copying the state in", rc);
    memcpy(start, weights, (size_t)weightBytes);
    for (uint32_t i = 0; i < steps; ++i)
        step(&s, data, labels, weights, (uint32_t)(mix(((uint64_t)w << 32) | i) % s.examples));
    // Its change, added to the weights as they are now (others added theirs meanwhile).
    rc = faasmLockStateWrite("sgd-weights");
    if (rc) return fail("worker_copy: locking the weights", rc);
    float* current = start;  // reused: the start is not needed once the change is known
    for (uint32_t f = 0; f < s.features; ++f) weights[f] -= start[f];
    rc = faasmReadState("sgd-weights", (unsigned char*)current, weightBytes);
    for (uint32_t f = 0; rc == weightBytes && f < s.features; ++f) current[f] += weights[f];
    if (rc == weightBytes) rc = faasmWriteState("sgd-weights", (const unsigned char*)current, weightBytes);
    faasmUnlockStateWrite("sgd-weights");
    return rc ? fail("worker_copy: writing the weights back", rc) : 0;
}

FAASLET_EXPORT(evaluate) int evaluate(void) {
    Shape s;
    if (!readShape(&s)) return fail("evaluate: reading sgd-shape", -44);
    const Entry* data = (const Entry*)faasmReadStatePtr("sgd-data", dataBytes(&s));
    const float* labels = (const float*)faasmReadStatePtr("sgd-labels", (long)s.examples * 4);
    const float* weights = (const float*)faasmReadStatePtr("sgd-weights", (long)s.features * 4);
    if (!data || !labels || !weights) return fail("evaluate: mapping the state", 0);
    uint32_t correct = 0;
    double loss = 0;
    for (uint32_t e = 0; e < s.examples; ++e) {
        float score = 0;
        for (uint32_t k = 0; k < s.nonzeros; ++k)
            score += weights[data[(uint64_t)e * s.nonzeros + k].index] * data[(uint64_t)e * s.nonzeros + k].value;
        const double p = 1.0 / (1.0 + exp(-(double)score));
        correct += (p > 0.5) == (labels[e] > 0.5f);
        loss -= labels[e] > 0.5f ? log(p + 1e-12) : log(1 - p + 1e-12);
    }
    char out[96];
    int len = snprintf(out, sizeof out, "accuracy %.4f loss %.4f\n", (double)correct / s.examples, loss / s.examples);
    faasmSetOutput(out, len);
    return 0;
}

int main(void) {
    char text[160];
    input(text, sizeof text);
    unsigned workers = 0, steps = 0;
    Shape s = {131072, 262144, 16, 7};
    char mode[8] = "map";
    int fields = sscanf(text, "%u %u %u %u %u %u %7s", &workers, &steps, &s.examples, &s.features, &s.nonzeros,
                        &s.seed, mode);
    if (fields == 3) sscanf(text, "%u %u %7s", &workers, &steps, mode);  // "WORKERS STEPS copy"
    const int copy = !strcmp(mode, "copy");
    if (fields < 2 || (fields > 3 && fields < 6) || workers == 0 || workers > 64 || !s.examples || !s.features ||
        !s.nonzeros || (!copy && strcmp(mode, "map")))
        return fail("sgd: the input \"WORKERS(1-64) STEPS [EXAMPLES FEATURES NONZEROS SEED] [copy]\"", -28);
    if (setupShape(s)) return 1;
    int ids[64];
    for (unsigned w = 0; w < workers; ++w) {
        char request[64];
        int length = snprintf(request, sizeof request, "%u %u %u", w, workers, steps / workers);
        ids[w] = __faaslet_chain_export(copy ? "worker_copy" : "worker", (const unsigned char*)request, length);
        if (ids[w] < 0) return fail("sgd: chaining a worker", ids[w]);
    }
    for (unsigned w = 0; w < workers; ++w) {
        int rc = __faasm_await_call((unsigned)ids[w]);
        if (rc != 0) return fail("sgd: a worker", rc);
    }
    return evaluate();
}

/* An allocator workout: thousands of blocks of scattered sizes allocated, filled with a pattern,
 * grown with realloc and freed in a random order, checked all along; calloc's zeroing; and a
 * buffer grown by doubling to many megabytes (memory.grow in wasm). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

#define SLOTS 4096

struct block {
    unsigned char* data;
    size_t size;
    unsigned char tag;
};

static int intact(const struct block* b) {
    for (size_t i = 0; i < b->size; ++i)
        if (b->data[i] != (unsigned char)(b->tag + i)) return 0;
    return 1;
}

static void fill(struct block* b, size_t from) {
    for (size_t i = from; i < b->size; ++i) b->data[i] = (unsigned char)(b->tag + i);
}

int main(void) {
    static struct block slots[SLOTS];
    uint32_t seed = 2024;
    size_t live = 0, peak = 0, operations = 0, corrupt = 0;
    for (int round = 0; round < 60000; ++round) {
        struct block* b = &slots[corpus_random(&seed) % SLOTS];
        uint32_t choice = corpus_random(&seed);
        if (!b->data) {
            b->size = choice % 8 == 0 ? 4096 + choice % 60000 : 1 + choice % 300;
            b->tag = (unsigned char)choice;
            b->data = malloc(b->size);
            fill(b, 0);
            live += b->size;
        } else if (choice % 3 == 0) {
            corrupt += !intact(b);
            size_t grown = b->size + 1 + choice % 2000;
            b->data = realloc(b->data, grown);
            size_t old = b->size;
            b->size = grown;
            corrupt += !intact(&(struct block){b->data, old, b->tag});
            fill(b, old);
            live += grown - old;
        } else {
            corrupt += !intact(b);
            live -= b->size;
            free(b->data);
            b->data = NULL;
        }
        if (live > peak) peak = live;
        ++operations;
    }
    size_t remaining = 0;
    for (int i = 0; i < SLOTS; ++i) {
        if (!slots[i].data) continue;
        corrupt += !intact(&slots[i]);
        remaining += slots[i].size;
        free(slots[i].data);
    }
    printf("operations: %zu, peak live bytes: %zu, left at the end: %zu, corrupt: %zu\n", operations, peak, remaining,
           corrupt);

    size_t zero = 0;
    for (int i = 0; i < 100; ++i) {
        unsigned char* z = calloc(1000 + (size_t)i * 37, 1);
        for (size_t j = 0; j < 1000 + (size_t)i * 37; ++j) zero += z[j] == 0;
        memset(z, 0xAB, 1000); /* dirty it: the next calloc may reuse the memory */
        free(z);
    }
    printf("calloc zeroed bytes: %zu\n", zero);

    size_t capacity = 16, length = 0;
    uint32_t* numbers = malloc(capacity * sizeof *numbers);
    while (length < 6 * 1000 * 1000) {
        if (length == capacity) numbers = realloc(numbers, (capacity *= 2) * sizeof *numbers);
        numbers[length] = (uint32_t)(length * 2654435761u);
        ++length;
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < length; i += 1000) sum += numbers[i];
    printf("grown to %zu numbers (capacity %zu), sample sum %llu\n", length, capacity, (unsigned long long)sum);
    free(numbers);
    return corrupt == 0 ? 0 : 1;
}

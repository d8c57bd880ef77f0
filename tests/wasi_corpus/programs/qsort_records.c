/* Sorting a generated order book: 20000 records qsorted by several keys (ties broken by id, since
 * qsort is not stable and the two libcs order equal keys differently), looked up with bsearch,
 * and written out as a sorted file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

#define ORDERS 20000

struct order {
    uint32_t id;
    int32_t price;
    uint16_t quantity;
    char symbol[6];
};

static int by_id(const void* a, const void* b) {
    const struct order *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Symbol ascending, price descending, then id: a total order. */
static int by_symbol_price(const void* a, const void* b) {
    const struct order *x = a, *y = b;
    int c = strcmp(x->symbol, y->symbol);
    if (c) return c;
    if (x->price != y->price) return x->price < y->price ? 1 : -1;
    return by_id(a, b);
}

static int by_quantity(const void* a, const void* b) {
    const struct order *x = a, *y = b;
    if (x->quantity != y->quantity) return (int)x->quantity - (int)y->quantity;
    return by_id(a, b);
}

static int compare_strings(const void* a, const void* b) {
    return strcmp(*(const char* const*)a, *(const char* const*)b);
}

static uint32_t digest(const struct order* orders) {
    uint32_t h = 2166136261u; /* FNV-1a over the ids in order */
    for (int i = 0; i < ORDERS; ++i) h = (h ^ orders[i].id) * 16777619u;
    return h;
}

int main(void) {
    static const char* symbols[] = {"ACME", "BOLT", "CORE", "DYNA", "ECHO", "FLUX"};
    struct order* orders = malloc(ORDERS * sizeof *orders);
    uint32_t seed = 12345;
    for (int i = 0; i < ORDERS; ++i) {
        orders[i].id = (uint32_t)i * 7919u % 1000003u; /* distinct, scattered */
        orders[i].price = (int32_t)(corpus_random(&seed) % 5000) - 100;
        orders[i].quantity = (uint16_t)(corpus_random(&seed) % 1000);
        strcpy(orders[i].symbol, symbols[corpus_random(&seed) % 6]);
    }

    qsort(orders, ORDERS, sizeof *orders, by_symbol_price);
    printf("by symbol and price: digest %08x\n", digest(orders));
    for (int i = 0; i < 3; ++i) printf("  %s %d x%u (#%u)\n", orders[i].symbol, orders[i].price, orders[i].quantity, orders[i].id);
    int sorted = 1;
    for (int i = 1; i < ORDERS; ++i) sorted &= by_symbol_price(&orders[i - 1], &orders[i]) < 0;
    printf("strictly ordered: %d\n", sorted);

    FILE* out = fopen("book.txt", "w");
    for (int i = 0; i < ORDERS; i += 97) fprintf(out, "%s %d %u %u\n", orders[i].symbol, orders[i].price, orders[i].quantity, orders[i].id);
    fclose(out);

    qsort(orders, ORDERS, sizeof *orders, by_quantity);
    printf("by quantity: digest %08x, smallest %u, largest %u\n", digest(orders), orders[0].quantity,
           orders[ORDERS - 1].quantity);

    qsort(orders, ORDERS, sizeof *orders, by_id);
    int found = 0;
    for (uint32_t id = 0; id < 200000; id += 1000) {
        struct order key = {.id = id};
        found += bsearch(&key, orders, ORDERS, sizeof *orders, by_id) != NULL;
    }
    printf("by id: digest %08x, bsearch found %d of 200\n", digest(orders), found);

    /* Sorting strings through an array of pointers, and an empty and a one-element sort. */
    const char* names[] = {"pear", "apple", "fig", "banana", "cherry", "apple"};
    qsort(names, 6, sizeof *names, compare_strings);
    for (int i = 0; i < 6; ++i) printf("%s%c", names[i], i == 5 ? '\n' : ' ');
    qsort(orders, 0, sizeof *orders, by_id);
    qsort(orders, 1, sizeof *orders, by_id);
    free(orders);
    return 0;
}

/* Word frequencies over the files named on the command line: words are runs of letters, folded to
 * lower case, counted in a chained hash table that grows as it fills. Prints the most frequent
 * words (ties alphabetically) and writes every count to counts.txt. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

struct entry {
    char* word;
    int count;
    struct entry* next;
};

struct table {
    struct entry** buckets;
    size_t size, used;
};

static size_t hash(const char* word) {
    size_t h = 5381;
    while (*word) h = h * 33 + (unsigned char)*word++;
    return h;
}

static void grow(struct table* t) {
    size_t size = t->size ? t->size * 2 : 16;
    struct entry** buckets = calloc(size, sizeof *buckets);
    for (size_t i = 0; i < t->size; ++i) {
        for (struct entry *e = t->buckets[i], *next; e; e = next) {
            next = e->next;
            e->next = buckets[hash(e->word) % size];
            buckets[hash(e->word) % size] = e;
        }
    }
    free(t->buckets);
    t->buckets = buckets;
    t->size = size;
}

static void add(struct table* t, const char* word) {
    if (t->used >= t->size) grow(t);
    struct entry** slot = &t->buckets[hash(word) % t->size];
    for (struct entry* e = *slot; e; e = e->next)
        if (strcmp(e->word, word) == 0) {
            ++e->count;
            return;
        }
    struct entry* e = malloc(sizeof *e);
    *e = (struct entry){strdup(word), 1, *slot};
    *slot = e;
    ++t->used;
}

static int by_count_then_word(const void* a, const void* b) {
    const struct entry *x = *(struct entry* const*)a, *y = *(struct entry* const*)b;
    if (x->count != y->count) return y->count - x->count;
    return strcmp(x->word, y->word);
}

static int count_file(struct table* t, const char* path) {
    FILE* in = fopen(path, "r");
    if (!in) return -1;
    char word[64];
    size_t length = 0;
    for (int c; (c = fgetc(in)) != EOF || length;) {
        if (c != EOF && isalpha(c) && length < sizeof word - 1) {
            word[length++] = (char)tolower(c);
            continue;
        }
        if (length) {
            word[length] = '\0';
            add(t, word);
            length = 0;
        }
        if (c == EOF) break;
    }
    fclose(in);
    return 0;
}

int main(int argc, char** argv) {
    struct table t = {0};
    int missing = 0;
    for (int i = 1; i < argc; ++i) {
        int result = count_file(&t, argv[i]);
        report(argv[i], result);
        missing += result < 0;
    }
    struct entry** all = malloc(t.used * sizeof *all);
    size_t n = 0, total = 0;
    for (size_t i = 0; i < t.size; ++i)
        for (struct entry* e = t.buckets[i]; e; e = e->next) all[n++] = e, total += (size_t)e->count;
    qsort(all, n, sizeof *all, by_count_then_word);
    printf("%zu words, %zu distinct, table of %zu buckets\n", total, n, t.size);
    for (size_t i = 0; i < n && i < 15; ++i) printf("%5d %s\n", all[i]->count, all[i]->word);

    FILE* out = fopen("counts.txt", "w");
    for (size_t i = 0; i < n; ++i) fprintf(out, "%s %d\n", all[i]->word, all[i]->count);
    fclose(out);
    for (size_t i = 0; i < n; ++i) {
        free(all[i]->word);
        free(all[i]);
    }
    free(all);
    free(t.buckets);
    return missing;
}

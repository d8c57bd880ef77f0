// Map-reduce word count through chained calls: main splits the call's input into chunks (at
// whitespace, about 16 KiB each), chains its own export count_chunk once per chunk (Faasm's
// faasmChain, by function pointer), awaits every call and merges their counts. A word is a run of
// ASCII letters, lower-cased; the output is one "word count" line per word, in byte order.
//
//   faaslet invoke build/examples/chain_wordcount.wasm --input-file book.txt
#include <faaslet/serverless.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES 16384

struct Entry {
    char* word;
    long count;
};

static int byWord(const void* a, const void* b) {
    return strcmp(((const struct Entry*)a)->word, ((const struct Entry*)b)->word);
}

static int isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char* readInput(long* size) {
    *size = faasmGetInputSize();
    char* text = malloc((size_t)(*size > 0 ? *size : 0) + 1);
    *size = *size > 0 ? faasmGetInput((unsigned char*)text, *size) : 0;
    if (*size < 0) *size = 0;
    text[*size] = 0;
    return text;
}

// Sorts entries by word and adds up those of the same word; returns how many are left.
static size_t merge(struct Entry* entries, size_t n) {
    if (n == 0) return 0;
    qsort(entries, n, sizeof *entries, byWord);
    size_t kept = 0;
    for (size_t i = 1; i < n; ++i) {
        if (strcmp(entries[i].word, entries[kept].word) == 0) entries[kept].count += entries[i].count;
        else entries[++kept] = entries[i];
    }
    return kept + 1;
}

// "word count\n" lines of the entries, as the call's output.
static void writeCounts(const struct Entry* entries, size_t n) {
    size_t size = 1;
    for (size_t i = 0; i < n; ++i) size += strlen(entries[i].word) + 24;
    char* out = malloc(size);
    size_t at = 0;
    for (size_t i = 0; i < n; ++i) at += (size_t)snprintf(out + at, size - at, "%s %ld\n", entries[i].word, entries[i].count);
    faasmSetOutput(out, (long)at);
}

// The map: counts the words of its input (one chunk).
FAASLET_EXPORT(count_chunk) int countChunk(void) {
    long size;
    char* text = readInput(&size);
    struct Entry* entries = malloc(sizeof *entries * (size_t)(size / 2 + 1));
    size_t n = 0;
    for (long i = 0; i < size;) {
        if (!isLetter(text[i])) {
            ++i;
            continue;
        }
        long start = i;
        for (; i < size && isLetter(text[i]); ++i) text[i] = (char)(text[i] | 0x20);
        text[i] = 0;  // ends the word in place: the letter after it is never a letter
        entries[n].word = text + start;
        entries[n].count = 1;
        ++n;
        ++i;
    }
    writeCounts(entries, merge(entries, n));
    return 0;
}

// Reads one "word count" line of a chunk's output into `entry`; returns the next line.
static char* parseLine(char* line, struct Entry* entry) {
    char* space = strchr(line, ' ');
    char* end = strchr(line, '\n');
    *space = 0;
    *end = 0;
    entry->word = line;
    entry->count = atol(space + 1);
    return end + 1;
}

int main(void) {
    long size;
    char* text = readInput(&size);
    size_t chunks = (size_t)size / CHUNK_BYTES + 1;
    unsigned* ids = malloc(sizeof *ids * chunks);
    size_t chained = 0;
    for (long start = 0; start < size;) {
        long end = start + CHUNK_BYTES < size ? start + CHUNK_BYTES : size;
        while (end < size && isLetter(text[end])) ++end;  // never inside a word
        int id = (int)faasmChain(countChunk, (const unsigned char*)text + start, end - start);
        if (id < 0) {
            fprintf(stderr, "chain_wordcount: chaining a chunk failed with %d\n", id);
            return 1;
        }
        ids[chained++] = (unsigned)id;
        start = end;
    }
    // The reduce: every chunk's counts, merged.
    struct Entry* all = 0;
    size_t n = 0, capacity = 0;
    for (size_t c = 0; c < chained; ++c) {
        int code = faasmAwaitCall(ids[c]);
        if (code != 0) {
            char message[256];
            long len = __faaslet_call_error(ids[c], message, sizeof message - 1);
            message[len > 0 ? len : 0] = 0;
            fprintf(stderr, "chain_wordcount: chunk %zu failed with %d: %s\n", c, code, message);
            return 1;
        }
        long len = __faaslet_call_output(ids[c], 0, 0);
        char* counts = malloc((size_t)len + 1);
        __faaslet_call_output(ids[c], counts, len);
        counts[len] = 0;
        for (char* line = counts; *line;) {
            if (n == capacity) {
                capacity = capacity ? 2 * capacity : 1024;
                all = realloc(all, sizeof *all * capacity);
            }
            line = parseLine(line, &all[n++]);
        }
    }
    writeCounts(all, merge(all, n));
    return 0;
}

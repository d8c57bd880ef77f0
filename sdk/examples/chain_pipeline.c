// A three-stage pipeline through chained calls: main chains its own exports one after another,
// each stage's output the next one's input (by export name: __faaslet_chain_export).
//   normalize  lower-cases ASCII letters and turns every run of other bytes into one space
//   rot13      rotates each letter by 13
//   summarize  "words W letters L longest WORD" (the first of the longest words)
//
//   faaslet invoke build/examples/chain_pipeline.wasm --input "Hello, chained world!"
#include <faaslet/serverless.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* readInput(long* size) {
    *size = faasmGetInputSize();
    char* text = malloc((size_t)(*size > 0 ? *size : 0) + 1);
    *size = *size > 0 ? faasmGetInput((unsigned char*)text, *size) : 0;
    if (*size < 0) *size = 0;
    text[*size] = 0;
    return text;
}

static int isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

FAASLET_EXPORT(normalize) int normalize(void) {
    long size;
    char* text = readInput(&size);
    long out = 0;
    for (long i = 0; i < size; ++i) {
        if (isLetter(text[i])) text[out++] = (char)(text[i] | 0x20);
        else if (out > 0 && text[out - 1] != ' ') text[out++] = ' ';
    }
    if (out > 0 && text[out - 1] == ' ') --out;
    faasmSetOutput(text, out);
    return 0;
}

FAASLET_EXPORT(rot13) int rot13(void) {
    long size;
    char* text = readInput(&size);
    for (long i = 0; i < size; ++i)
        if (text[i] >= 'a' && text[i] <= 'z') text[i] = (char)('a' + (text[i] - 'a' + 13) % 26);
    faasmSetOutput(text, size);
    return 0;
}

FAASLET_EXPORT(summarize) int summarize(void) {
    long size;
    char* text = readInput(&size);
    long words = 0, letters = 0, longestAt = 0, longest = 0;
    for (long i = 0; i < size;) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        long start = i;
        while (i < size && text[i] != ' ') ++i;
        ++words;
        letters += i - start;
        if (i - start > longest) longest = i - start, longestAt = start;
    }
    char* out = malloc((size_t)longest + 64);
    int n = snprintf(out, (size_t)longest + 64, "words %ld letters %ld longest %.*s", words, letters, (int)longest,
                     text + longestAt);
    faasmSetOutput(out, n);
    return 0;
}

// Runs `stage` on `input` in its own Faaslet; its output (malloc'd) or NULL with a message.
static char* runStage(const char* stage, const char* input, long size, long* outSize) {
    int id = __faaslet_chain_export(stage, (const unsigned char*)input, size);
    int code = id < 0 ? id : faasmAwaitCall((unsigned)id);
    if (code != 0) {
        fprintf(stderr, "chain_pipeline: stage %s failed with %d\n", stage, code);
        return NULL;
    }
    *outSize = __faaslet_call_output((unsigned)id, 0, 0);
    char* out = malloc((size_t)*outSize + 1);
    __faaslet_call_output((unsigned)id, out, *outSize);
    out[*outSize] = 0;
    return out;
}

int main(void) {
    long size;
    char* text = readInput(&size);
    const char* stages[] = {"normalize", "rot13", "summarize"};
    for (int s = 0; s < 3; ++s) {
        long next;
        char* out = runStage(stages[s], text, size, &next);
        if (!out) return 1;
        free(text);
        text = out;
        size = next;
    }
    faasmSetOutput(text, size);
    return 0;
}

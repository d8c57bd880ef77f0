// Counts lines, words and bytes like `wc`: of each file named on the command line (read through
// WASI's preopened directories), else of standard input. Exercises file I/O, reads and branches.
#include <ctype.h>
#include <stdio.h>

struct Counts {
    unsigned long lines, words, bytes;
};

static struct Counts count(FILE* in) {
    struct Counts counts = {0, 0, 0};
    int inWord = 0;
    for (int c; (c = getc(in)) != EOF;) {
        ++counts.bytes;
        if (c == '\n') ++counts.lines;
        if (isspace(c)) {
            inWord = 0;
        } else if (!inWord) {
            inWord = 1;
            ++counts.words;
        }
    }
    return counts;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        struct Counts c = count(stdin);
        printf("%lu %lu %lu\n", c.lines, c.words, c.bytes);
        return 0;
    }
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        FILE* in = fopen(argv[i], "r");
        if (!in) {
            perror(argv[i]);
            status = 1;
            continue;
        }
        struct Counts c = count(in);
        fclose(in);
        printf("%lu %lu %lu %s\n", c.lines, c.words, c.bytes, argv[i]);
    }
    return status;
}

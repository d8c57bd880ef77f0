// Counts lines, words and bytes of standard input, like `wc`: exercises reads and branches.
#include <ctype.h>
#include <stdio.h>

int main(void) {
    unsigned long lines = 0, words = 0, bytes = 0;
    int inWord = 0;
    for (int c; (c = getchar()) != EOF;) {
        ++bytes;
        if (c == '\n') ++lines;
        if (isspace(c)) {
            inWord = 0;
        } else if (!inWord) {
            inWord = 1;
            ++words;
        }
    }
    printf("%lu %lu %lu\n", lines, words, bytes);
    return 0;
}

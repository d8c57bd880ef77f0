/* A filter in the style of `cat -n | expand`: reads stdin line by line with getline (lines of any
 * length), numbers the non-empty ones, expands tabs to 8 columns, and writes the result both to
 * stdout and to numbered.txt; a summary line ends stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expand_tabs(const char* line, FILE* out) {
    int column = 0;
    for (const char* c = line; *c && *c != '\n'; ++c) {
        if (*c == '\t') {
            do fputc(' ', out), ++column;
            while (column % 8);
        } else {
            fputc(*c, out);
            ++column;
        }
    }
    fputc('\n', out);
}

int main(void) {
    FILE* copy = fopen("numbered.txt", "w");
    char* line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int number = 0, blank = 0;
    size_t longest = 0;
    while ((length = getline(&line, &capacity, stdin)) >= 0) {
        if ((size_t)length > longest) longest = (size_t)length;
        if (strspn(line, " \t\n") == (size_t)length) {
            ++blank;
            fputc('\n', stdout);
            fputc('\n', copy);
            continue;
        }
        FILE* outputs[] = {stdout, copy};
        ++number;
        for (int i = 0; i < 2; ++i) {
            fprintf(outputs[i], "%6d  ", number);
            expand_tabs(line, outputs[i]);
        }
    }
    free(line);
    fclose(copy);
    printf("-- %d numbered, %d blank, longest line %zu bytes, stdin at end: %d\n", number, blank, longest, feof(stdin) != 0);
    return 0;
}

/* Writes a small table of squares and cubes with fprintf, reads it back with fgets and sscanf,
 * checks every row, and appends a summary line to the same file. */
#include <stdio.h>
#include <string.h>

#include "corpus.h"

#define ROWS 50

int main(void) {
    FILE* out = fopen("table.txt", "w");
    if (!out) {
        report("fopen table.txt for writing", -1);
        return 1;
    }
    fprintf(out, "# n square cube\n");
    for (int n = 1; n <= ROWS; ++n) fprintf(out, "%d %d %ld\n", n, n * n, (long)n * n * n);
    if (fclose(out) != 0) return 1;

    FILE* in = fopen("table.txt", "r");
    char line[128];
    int rows = 0, bad = 0;
    long cube_sum = 0;
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '#') continue;
        int n, square;
        long cube;
        if (sscanf(line, "%d %d %ld", &n, &square, &cube) != 3 || square != n * n || cube != (long)n * n * n)
            ++bad;
        cube_sum += cube;
        ++rows;
    }
    printf("rows read: %d, bad rows: %d, eof: %d, error: %d\n", rows, bad, feof(in) != 0, ferror(in) != 0);
    printf("sum of cubes: %ld\n", cube_sum);
    fclose(in);

    FILE* append = fopen("table.txt", "a");
    fprintf(append, "# %d rows, sum of cubes %ld\n", rows, cube_sum);
    fclose(append);

    /* Reading a file that ends without a newline: the last fgets gets the partial line. */
    FILE* partial = fopen("partial.txt", "w+");
    fputs("first line\nno newline at the end", partial);
    rewind(partial);
    while (fgets(line, sizeof line, partial)) printf("line of %zu bytes: %s%s", strlen(line), line,
                                                     line[strlen(line) - 1] == '\n' ? "" : "\n");
    fclose(partial);
    return bad == 0 ? 0 : 1;
}

/* xxd for binary stdin: reads in odd-sized fread chunks (so lines straddle reads), prints offset,
 * hex and printable characters, collapses runs of identical lines to "*" as hexdump does, and
 * ends with the length and a byte histogram summary. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define WIDTH 16

static void print_line(unsigned long offset, const unsigned char* bytes, size_t count) {
    printf("%08lx:", offset);
    for (size_t i = 0; i < WIDTH; ++i) {
        if (i % 2 == 0) putchar(' ');
        if (i < count) printf("%02x", bytes[i]);
        else printf("  ");
    }
    printf("  ");
    for (size_t i = 0; i < count; ++i) putchar(isprint(bytes[i]) ? bytes[i] : '.');
    putchar('\n');
}

int main(void) {
    unsigned char chunk[37], line[WIDTH], previous[WIDTH];
    size_t filled = 0, n;
    unsigned long offset = 0, counts[256] = {0};
    int repeating = 0, have_previous = 0;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        for (size_t i = 0; i < n; ++i) {
            ++counts[chunk[i]];
            line[filled++] = chunk[i];
            if (filled < WIDTH) continue;
            if (have_previous && memcmp(line, previous, WIDTH) == 0) {
                if (!repeating) printf("*\n");
                repeating = 1;
            } else {
                print_line(offset, line, WIDTH);
                repeating = 0;
            }
            memcpy(previous, line, WIDTH);
            have_previous = 1;
            offset += WIDTH;
            filled = 0;
        }
    }
    if (filled) print_line(offset, line, filled);
    offset += filled;
    int distinct = 0, most = 0;
    for (int b = 0; b < 256; ++b) {
        distinct += counts[b] > 0;
        if (counts[b] > counts[most]) most = b;
    }
    printf("%lu bytes, %d distinct, most frequent 0x%02x (%lu times), error %d\n", offset, distinct, most, counts[most],
           ferror(stdin) != 0);
    return 0;
}

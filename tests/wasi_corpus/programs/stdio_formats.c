/* printf and scanf as a report generator uses them: widths, precision, flags, every conversion
 * the two libcs must agree on, snprintf's truncation contract, and character-level stdio. */
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42, 42);
    printf("[%i] [%u] [%x] [%X] [%#x] [%o] [%#o]\n", -7, 3000000000u, 48879, 48879, 255, 8, 8);
    printf("[%ld] [%lld] [%hhd] [%hd] [%zu] [%td]\n", (long)INT_MIN, LLONG_MAX, (signed char)300, (short)70000,
           sizeof(int64_t), (ptrdiff_t)-3);
    printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx32 "]\n", INT64_MIN, UINT64_MAX, UINT32_MAX);
    printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%e] [%.3E] [%g] [%g] [%g]\n", 3.14159265, 2.675, -1.5, 0.25, 123456.789,
           0.000123, 100000.0, 1000000.0, 0.0001);
    printf("[%.0f] [%.0f] [%.0f] [%#.0f] [%.17g] [%.17g]\n", 0.5, 1.5, 2.5, 3.0, 0.1, 1.0 / 3.0);
    printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%%]\n", "text", "right", "left", "truncated", 'Z');
    printf("[%*d] [%-*d] [%.*f]\n", 6, 12, 6, 12, 3, 2.0 / 3.0);
    printf("[%g] [%g] [%f]\n", 1e300 * 1e300, -1e300 * 1e300, -0.0);

    char buffer[8];
    int needed = snprintf(buffer, sizeof buffer, "%s-%d", "overflowing", 12345);
    printf("snprintf wanted %d bytes, kept \"%s\"\n", needed, buffer);
    printf("snprintf into nothing: %d\n", snprintf(NULL, 0, "%08.3f", 3.14159));

    int day, year, consumed;
    char month[16];
    double amount;
    int fields = sscanf("  12 March 2024 paid 199.95 EUR", "%d %15s %d paid %lf%n", &day, month, &year, &amount, &consumed);
    printf("sscanf: %d fields: %d %s %d %.2f, consumed %d\n", fields, day, month, year, amount, consumed);
    unsigned hex;
    char word[8];
    fields = sscanf("ff:rest-of-line", "%x:%7[a-z-]", &hex, word);
    printf("sscanf hex and set: %d fields: %u \"%s\"\n", fields, hex, word);
    printf("sscanf on a mismatch: %d\n", sscanf("abc", "%d", &day));
    printf("sscanf at the end: %d\n", sscanf("", "%d", &day));

    FILE* file = fopen("chars.txt", "w+");
    for (int c = 'a'; c <= 'z'; ++c) fputc(c, file);
    fputs("\nsecond line\n", file);
    rewind(file);
    int first = fgetc(file);
    ungetc('A', file);
    printf("fgetc '%c', after ungetc '%c'\n", first, fgetc(file));
    char line[64];
    fgets(line, sizeof line, file);
    printf("rest: %s", line);
    fseek(file, 0, SEEK_CUR); /* C requires a seek between reading and writing */
    printf("fwrite count: %zu, position %ld\n", fwrite("xyz", 1, 3, file), ftell(file));
    fclose(file);
    return 0;
}

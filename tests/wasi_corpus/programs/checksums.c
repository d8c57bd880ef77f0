/* sha1sum-style checksum tool with getopt:
 *   checksums [-a crc32|adler32] [-w OUT] [-c MANIFEST] [-q] FILE...
 * prints (and with -w writes) the checksum of each FILE; with -c verifies every "SUM  NAME" line of
 * MANIFEST. The exit status is the number of files that were missing or did not match (at most
 * 100), 64 for a usage error. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "corpus.h"

typedef uint32_t (*checksum_fn)(FILE*);

static uint32_t crc32_of(FILE* in) {
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    uint32_t crc = 0xFFFFFFFFu;
    unsigned char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, in)) > 0;)
        for (size_t i = 0; i < n; ++i) crc = table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

static uint32_t adler32_of(FILE* in) {
    uint32_t a = 1, b = 0;
    for (int c; (c = fgetc(in)) != EOF;) {
        a = (a + (uint32_t)c) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

static int checksum_file(const char* path, checksum_fn fn, uint32_t* sum) {
    FILE* in = fopen(path, "rb");
    if (!in) return -1;
    *sum = fn(in);
    fclose(in);
    return 0;
}

static int verify(const char* manifest, checksum_fn fn, int quiet) {
    FILE* in = fopen(manifest, "r");
    if (!in) {
        report(manifest, -1);
        return 1;
    }
    int failures = 0;
    unsigned expected;
    char name[256];
    while (fscanf(in, "%8x %255s", &expected, name) == 2) {
        uint32_t actual;
        if (checksum_file(name, fn, &actual) < 0) {
            printf("%s: FAILED open (%s)\n", name, errno_name(errno));
            ++failures;
        } else if (actual != expected) {
            printf("%s: FAILED\n", name);
            ++failures;
        } else if (!quiet) {
            printf("%s: OK\n", name);
        }
    }
    fclose(in);
    return failures;
}

int main(int argc, char** argv) {
    checksum_fn fn = crc32_of;
    const char *output = NULL, *manifest = NULL;
    int quiet = 0;
    for (int option; (option = getopt(argc, argv, "a:w:c:q")) != -1;) {
        switch (option) {
        case 'a':
            if (strcmp(optarg, "crc32") == 0) fn = crc32_of;
            else if (strcmp(optarg, "adler32") == 0) fn = adler32_of;
            else {
                printf("unknown algorithm %s\n", optarg);
                return 64;
            }
            break;
        case 'w': output = optarg; break;
        case 'c': manifest = optarg; break;
        case 'q': quiet = 1; break;
        default: printf("usage: checksums [-a crc32|adler32] [-w OUT] [-c MANIFEST] [-q] FILE...\n"); return 64;
        }
    }
    FILE* out = output ? fopen(output, "w") : NULL;
    int failures = 0;
    for (int i = optind; i < argc; ++i) {
        uint32_t sum;
        if (checksum_file(argv[i], fn, &sum) < 0) {
            printf("%s: %s\n", argv[i], errno_name(errno));
            ++failures;
            continue;
        }
        printf("%08x  %s\n", sum, argv[i]);
        if (out) fprintf(out, "%08x  %s\n", sum, argv[i]);
    }
    if (out) fclose(out);
    if (manifest) failures += verify(manifest, fn, quiet);
    printf("%d failure%s\n", failures, failures == 1 ? "" : "s");
    return failures > 100 ? 100 : failures;
}

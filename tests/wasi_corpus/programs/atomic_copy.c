/* Copies files the careful way: reads in blocks of an odd size, writes a temporary file beside the
 * destination, fsyncs it and renames it into place, so a reader never sees half a copy; then
 * compares source and destination byte for byte. Copies a generated 3 MiB file and a small one. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static int write_all(int fd, const unsigned char* data, size_t size) {
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0) return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

static int copy_file(const char* from, const char* to) {
    char temporary[256];
    snprintf(temporary, sizeof temporary, "%s.partial", to);
    int in = open(from, O_RDONLY);
    if (in < 0) return -1;
    int out = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (out < 0) {
        close(in);
        return -1;
    }
    static unsigned char block[12345];
    ssize_t n;
    while ((n = read(in, block, sizeof block)) > 0)
        if (write_all(out, block, (size_t)n) < 0) break;
    int ok = n == 0 && fsync(out) == 0 && fdatasync(out) == 0;
    close(in);
    close(out);
    if (!ok) {
        unlink(temporary);
        return -1;
    }
    return rename(temporary, to);
}

static int same_contents(const char* a, const char* b) {
    FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
    int same = x && y;
    for (int c; same && (c = fgetc(x)) != EOF;) same = c == fgetc(y);
    same = same && fgetc(y) == EOF;
    if (x) fclose(x);
    if (y) fclose(y);
    return same;
}

int main(void) {
    unsigned char* data = malloc(3 << 20);
    uint32_t seed = 99;
    for (size_t i = 0; i < (3 << 20); ++i) data[i] = (unsigned char)(corpus_random(&seed) >> 24);
    int fd = open("original.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write_all(fd, data, 3 << 20);
    close(fd);
    free(data);

    mkdir("backup", 0755);
    report("copy original.bin", copy_file("original.bin", "backup/original.bin"));
    printf("identical: %d\n", same_contents("original.bin", "backup/original.bin"));
    struct stat info;
    stat("backup/original.bin", &info);
    printf("copy size: %lld\n", (long long)info.st_size);

    FILE* small = fopen("note.txt", "w");
    fputs("a small file\n", small);
    fclose(small);
    report("copy note.txt", copy_file("note.txt", "backup/note.txt"));
    /* Copying over an existing copy replaces it whole. */
    small = fopen("note.txt", "a");
    fputs("with a second line\n", small);
    fclose(small);
    report("copy note.txt again", copy_file("note.txt", "backup/note.txt"));
    printf("identical: %d\n", same_contents("note.txt", "backup/note.txt"));
    report("copy a missing file", copy_file("absent.txt", "backup/absent.txt"));
    report("copy into a missing directory", copy_file("note.txt", "nowhere/note.txt"));
    return 0;
}

/* A record-oriented log written with writev (header, payload and trailer from separate buffers in
 * one call) and read back with readv into separate buffers, as a database's write-ahead log does;
 * then preadv/pwritev at offsets, and an empty vector. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "corpus.h"

struct header {
    uint32_t sequence;
    uint32_t length;
};

int main(void) {
    int fd = open("wal.log", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char payload[200];
    const char trailer[4] = {'E', 'N', 'D', '\n'};
    long long written = 0;
    for (uint32_t sequence = 1; sequence <= 50; ++sequence) {
        struct header h = {sequence, 20 + sequence * 3 % 150};
        memset(payload, 'a' + (int)(sequence % 26), h.length);
        struct iovec parts[] = {{&h, sizeof h}, {payload, h.length}, {(void*)trailer, sizeof trailer}};
        ssize_t n = writev(fd, parts, 3);
        if (n != (ssize_t)(sizeof h + h.length + sizeof trailer)) printf("short writev at %u\n", sequence);
        written += n;
    }
    printf("written: %lld bytes\n", written);

    lseek(fd, 0, SEEK_SET);
    int records = 0, damaged = 0;
    for (;;) {
        struct header h;
        char end[4];
        if (read(fd, &h, sizeof h) != sizeof h) break;
        struct iovec parts[] = {{payload, h.length}, {end, sizeof end}};
        ssize_t n = readv(fd, parts, 2);
        ++records;
        damaged += n != (ssize_t)(h.length + sizeof end) || memcmp(end, trailer, 4) != 0 ||
                   payload[h.length - 1] != 'a' + (int)(h.sequence % 26);
    }
    printf("records: %d, damaged: %d\n", records, damaged);

    /* Patch the first record's payload with pwritev, read it back with preadv. */
    char first[4] = "WAL!", second[6] = "-DATA-";
    struct iovec patch[] = {{first, 4}, {second, 6}};
    printf("pwritev: %zd\n", pwritev(fd, patch, 2, sizeof(struct header)));
    char a[3], b[9];
    struct iovec back[] = {{a, 3}, {b, 9}};
    printf("preadv: %zd: %.3s|%.9s\n", preadv(fd, back, 2, sizeof(struct header)), a, b);
    printf("writev of nothing: %zd\n", writev(fd, back, 0));
    printf("position still at the end: %d\n", lseek(fd, 0, SEEK_CUR) == written);

    /* Many small buffers in one call. */
    struct iovec many[64];
    char letters[64];
    for (int i = 0; i < 64; ++i) {
        letters[i] = (char)('0' + i % 10);
        many[i] = (struct iovec){&letters[i], 1};
    }
    int digits = open("digits.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("writev of 64 buffers: %zd\n", writev(digits, many, 64));
    close(digits);
    close(fd);
    return 0;
}

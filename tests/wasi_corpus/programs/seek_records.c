/* A file of fixed-size records updated in place: lseek with every whence, pread and pwrite,
 * fseek/ftell through stdio, a hole written past the end (read back as zeros), and ftruncate to
 * shrink and grow. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

struct record {
    uint32_t id;
    int32_t balance;
    char name[24];
};

static off_t offset_of(int index) { return (off_t)index * (off_t)sizeof(struct record); }

static long long size_of(int fd) {
    struct stat info;
    return fstat(fd, &info) == 0 ? (long long)info.st_size : -1;
}

int main(void) {
    int fd = open("accounts.db", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        report("open accounts.db", -1);
        return 1;
    }
    for (uint32_t i = 0; i < 20; ++i) {
        struct record r = {.id = i, .balance = (int32_t)(i * 100)};
        snprintf(r.name, sizeof r.name, "account-%02u", i);
        write(fd, &r, sizeof r);
    }
    printf("size: %lld, position: %lld\n", size_of(fd), (long long)lseek(fd, 0, SEEK_CUR));

    /* Credit account 7 in place: read, change, write back at the same offset. */
    struct record r;
    lseek(fd, offset_of(7), SEEK_SET);
    read(fd, &r, sizeof r);
    r.balance += 55;
    lseek(fd, -(off_t)sizeof r, SEEK_CUR);
    write(fd, &r, sizeof r);

    /* The last record relative to the end, and pread/pwrite, which leave the position alone. */
    lseek(fd, -(off_t)sizeof r, SEEK_END);
    read(fd, &r, sizeof r);
    printf("last: %u %s %d\n", r.id, r.name, r.balance);
    off_t before = lseek(fd, 0, SEEK_CUR);
    pread(fd, &r, sizeof r, offset_of(7));
    printf("pread 7: %u %s %d\n", r.id, r.name, r.balance);
    strcpy(r.name, "renamed-3");
    r.id = 3;
    pwrite(fd, &r, sizeof r, offset_of(3));
    printf("position unchanged by pread/pwrite: %d\n", lseek(fd, 0, SEEK_CUR) == before);

    /* A record written past the end leaves a hole that reads as zeros. */
    struct record far = {.id = 30, .balance = -1, .name = "far"};
    pwrite(fd, &far, sizeof far, offset_of(30));
    pread(fd, &r, sizeof r, offset_of(25));
    printf("hole record: id %u balance %d name \"%s\"; size %lld\n", r.id, r.balance, r.name, size_of(fd));

    report("lseek to a negative offset", (int)lseek(fd, -1, SEEK_SET));
    ftruncate(fd, offset_of(10));
    printf("after shrinking: %lld\n", size_of(fd));
    ftruncate(fd, offset_of(12));
    pread(fd, &r, sizeof r, offset_of(11));
    printf("after growing: %lld, grown record id %u\n", size_of(fd), r.id);
    close(fd);

    FILE* file = fopen("accounts.db", "r+");
    fseek(file, offset_of(3), SEEK_SET);
    fread(&r, sizeof r, 1, file);
    printf("stdio read 3: %s at %ld\n", r.name, ftell(file));
    fseek(file, 0, SEEK_END);
    printf("stdio end: %ld\n", ftell(file));
    fclose(file);
    return 0;
}

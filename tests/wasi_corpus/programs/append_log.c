/* A log that several writers append to: opens with O_APPEND from two descriptors at once, checks
 * that every write lands at the end, and uses "a+" to read back while appending. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static void append_line(int fd, const char* who, int n) {
    char line[64];
    int length = snprintf(line, sizeof line, "%s entry %d\n", who, n);
    if (write(fd, line, (size_t)length) != length) printf("short write\n");
}

int main(void) {
    int first = open("events.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
    int second = open("events.log", O_WRONLY | O_APPEND);
    if (first < 0 || second < 0) {
        report("open events.log", -1);
        return 1;
    }
    for (int n = 1; n <= 5; ++n) {
        append_line(first, "first", n);
        append_line(second, "second", n);
    }
    /* A seek does not move O_APPEND writes away from the end. */
    lseek(first, 0, SEEK_SET);
    append_line(first, "after seek", 0);
    struct stat info;
    fstat(second, &info);
    printf("size after appends: %lld\n", (long long)info.st_size);
    printf("fcntl says append: %d\n", (fcntl(first, F_GETFL) & O_APPEND) != 0);
    close(first);
    close(second);

    FILE* log = fopen("events.log", "a+");
    fseek(log, 0, SEEK_SET);
    char line[64];
    int lines = 0;
    while (fgets(line, sizeof line, log)) {
        ++lines;
        if (lines <= 3) printf("read back: %s", line);
    }
    fprintf(log, "summary: %d lines before this one\n", lines);
    printf("position after the summary: %ld\n", ftell(log));
    fclose(log);
    return 0;
}

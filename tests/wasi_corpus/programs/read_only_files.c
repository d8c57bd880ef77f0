/* A program meeting files it may not change: a read-only file and a read-only directory (the test
 * clears their write bits in both scratch copies). Every attempt fails with EACCES in both builds,
 * as root too: faaslet's sandbox drops every capability, and the native side runs without them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static void attempt(const char* what, int result) {
    printf("%s: %s\n", what, result < 0 ? errno_name(errno) : "allowed");
}

static void attempt_open(const char* what, int fd) {
    attempt(what, fd);
    if (fd >= 0) close(fd);
}

int main(void) {
    struct stat info;
    stat("locked.txt", &info);
    printf("locked.txt writable by its owner: %s\n", (info.st_mode & S_IWUSR) ? "yes" : "no");
    stat("sealed", &info);
    printf("sealed writable by its owner: %s\n", (info.st_mode & S_IWUSR) ? "yes" : "no");

    int reader = open("locked.txt", O_RDONLY);
    char text[64] = "";
    read(reader, text, sizeof text - 1);
    close(reader);
    printf("reading locked.txt always works: %s", text);

    attempt_open("open locked.txt for writing", open("locked.txt", O_WRONLY | O_APPEND));
    attempt_open("open sealed/new.txt for creating", open("sealed/new.txt", O_WRONLY | O_CREAT, 0644));
    attempt("mkdir sealed/sub", mkdir("sealed/sub", 0755));
    attempt("unlink sealed/inside.txt", unlink("sealed/inside.txt"));
    return 0;
}

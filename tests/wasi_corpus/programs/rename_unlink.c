/* The atomic-replace and archive moves a program does with rename, unlink and rmdir, and the
 * errors each refuses with. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static void write_text(const char* path, const char* text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static void show(const char* path) {
    char text[64] = "";
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", path, errno_name(errno));
        return;
    }
    ssize_t n = read(fd, text, sizeof text - 1);
    text[n > 0 ? n : 0] = '\0';
    close(fd);
    printf("%s: \"%s\"\n", path, text);
}

int main(void) {
    /* Atomic replace: write a new version beside the old one, then rename over it. */
    write_text("config", "version 1");
    write_text("config.tmp", "version 2");
    report("rename config.tmp over config", rename("config.tmp", "config"));
    show("config");
    show("config.tmp");

    /* Archive: move files into a directory, rename the directory, move one back out. */
    mkdir("inbox", 0755);
    write_text("inbox/a.txt", "letter a");
    write_text("inbox/b.txt", "letter b");
    mkdir("archive", 0755);
    report("rename inbox/a.txt to archive/a.txt", rename("inbox/a.txt", "archive/a.txt"));
    report("rename archive to archive-2024", rename("archive", "archive-2024"));
    show("archive-2024/a.txt");
    report("rename a file onto itself", rename("inbox/b.txt", "inbox/b.txt"));

    /* What rename, unlink and rmdir refuse. */
    report("rename a missing file", rename("missing", "elsewhere"));
    report("rename into a missing directory", rename("config", "nowhere/config"));
    report("rename a directory over a file", rename("archive-2024", "config"));
    report("rename a file over a directory", rename("config", "inbox"));
    mkdir("full", 0755);
    write_text("full/keep", "x");
    report("rename a directory over a non-empty one", rename("inbox", "full"));
    report("rmdir a non-empty directory", rmdir("full"));
    report("rmdir a file", rmdir("config"));
    report("unlink a missing file", unlink("missing"));
    report("unlink a directory", unlink("full"));

    /* Clean up what was moved around. */
    report("unlink full/keep", unlink("full/keep"));
    report("rmdir full", rmdir("full"));
    report("unlink inbox/b.txt", unlink("inbox/b.txt"));
    report("rmdir inbox", rmdir("inbox"));
    report("rmdir inbox again", rmdir("inbox"));
    return 0;
}

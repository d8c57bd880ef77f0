/* Symbolic and hard links as a deployment script uses them: a "current" symlink switched between
 * releases, lstat against stat, readlink, dangling and looping links, and hard-link counts. */
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

static void show_link(const char* path) {
    char target[128];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0) {
        printf("readlink %s: %s\n", path, errno_name(errno));
        return;
    }
    target[n] = '\0';
    struct stat link_info, target_info;
    lstat(path, &link_info);
    int followed = stat(path, &target_info);
    printf("%s -> %s (lstat: %s, stat: %s)\n", path, target, S_ISLNK(link_info.st_mode) ? "link" : "not a link",
           followed == 0 ? (S_ISDIR(target_info.st_mode) ? "directory" : "file") : errno_name(errno));
}

static void show_file(const char* path) {
    char text[64] = "";
    FILE* file = fopen(path, "r");
    if (!file) {
        printf("%s: %s\n", path, errno_name(errno));
        return;
    }
    fgets(text, sizeof text, file);
    fclose(file);
    printf("%s: %s\n", path, text);
}

int main(void) {
    mkdir("releases", 0755);
    mkdir("releases/v1", 0755);
    mkdir("releases/v2", 0755);
    write_text("releases/v1/app.conf", "release one");
    write_text("releases/v2/app.conf", "release two");

    report("symlink current -> releases/v1", symlink("releases/v1", "current"));
    show_link("current");
    show_file("current/app.conf");
    /* Switch atomically: a new link beside the old one, renamed over it. */
    symlink("releases/v2", "current.new");
    report("rename current.new over current", rename("current.new", "current"));
    show_link("current");
    show_file("current/app.conf");
    report("symlink over an existing name", symlink("releases/v1", "current"));

    /* Links whose target is missing or themselves. */
    symlink("releases/v3", "next");
    show_link("next");
    show_file("next/app.conf");
    symlink("loop-b", "loop-a");
    symlink("loop-a", "loop-b");
    show_file("loop-a");
    report("readlink on a regular file", (int)readlink("releases/v1/app.conf", (char[8]){0}, 8));
    /* A relative link inside a subdirectory resolves from that directory. */
    symlink("../v1/app.conf", "releases/v2/previous.conf");
    show_file("releases/v2/previous.conf");

    /* Hard links share the inode and count. */
    report("link releases/v1/app.conf to backup.conf", link("releases/v1/app.conf", "backup.conf"));
    struct stat a, b;
    stat("releases/v1/app.conf", &a);
    stat("backup.conf", &b);
    printf("same inode: %d, links: %ld\n", a.st_ino == b.st_ino, (long)a.st_nlink);
    unlink("releases/v1/app.conf");
    stat("backup.conf", &b);
    printf("after unlinking the original, links: %ld\n", (long)b.st_nlink);
    show_file("backup.conf");
    show_file("current/../v1/app.conf");
    unlink("loop-a");
    unlink("loop-b");
    return 0;
}

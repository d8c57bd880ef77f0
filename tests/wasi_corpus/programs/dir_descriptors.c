/* A program that keeps a directory open and works relative to it, as a sandboxed server does:
 * the *at() calls on a directory descriptor, fdopendir with d_type and telldir/seekdir,
 * descriptor flags through fcntl, posix_fallocate, and isatty on a regular file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static const char* type_name(unsigned char type) {
    switch (type) {
    case DT_REG: return "file";
    case DT_DIR: return "directory";
    case DT_LNK: return "symlink";
    default: return "other";
    }
}

int main(void) {
    report("mkdir store", mkdir("store", 0755));
    int store = open("store", O_RDONLY | O_DIRECTORY);
    if (store < 0) {
        report("open store", -1);
        return 1;
    }
    report("mkdirat objects", mkdirat(store, "objects", 0755));
    int blob = openat(store, "objects/blob", O_WRONLY | O_CREAT | O_EXCL, 0644);
    report("openat objects/blob", blob);
    write(blob, "blob contents\n", 14);
    report("posix_fallocate to 4096", posix_fallocate(blob, 0, 4096) == 0 ? 0 : -1);
    struct stat info;
    fstat(blob, &info);
    printf("blob size after fallocate: %lld\n", (long long)info.st_size);
    printf("isatty on a file: %d (%s)\n", isatty(blob), errno_name(errno));
    close(blob);

    report("symlinkat latest -> objects/blob", symlinkat("objects/blob", store, "latest"));
    char target[64];
    ssize_t n = readlinkat(store, "latest", target, sizeof target - 1);
    target[n > 0 ? n : 0] = '\0';
    printf("readlinkat latest: %s\n", target);
    report("linkat objects/blob to copy", linkat(store, "objects/blob", store, "copy", 0));
    report("renameat copy to objects/copy", renameat(store, "copy", store, "objects/copy"));
    report("fstatat latest (follows)", fstatat(store, "latest", &info, 0));
    printf("  size %lld, regular %d\n", (long long)info.st_size, S_ISREG(info.st_mode));
    report("fstatat latest (no follow)", fstatat(store, "latest", &info, AT_SYMLINK_NOFOLLOW));
    printf("  symlink %d\n", S_ISLNK(info.st_mode));
    report("faccessat objects/blob", faccessat(store, "objects/blob", F_OK, 0));
    report("faccessat missing", faccessat(store, "missing", F_OK, 0));
    report("unlinkat objects as a file", unlinkat(store, "objects", 0));
    report("unlinkat objects as a directory", unlinkat(store, "objects", AT_REMOVEDIR));

    /* fdopendir takes the descriptor over. readdir's order is the filesystem's: sort for printing,
     * and check seekdir against the order this listing itself saw. */
    DIR* dir = fdopendir(openat(store, ".", O_RDONLY | O_DIRECTORY));
    char* names[16];
    long positions[16];
    size_t count = 0;
    const char *latest_type = "missing", *objects_type = "missing";
    for (struct dirent* entry; count < 16 && (entry = readdir(dir));) {
        if (strcmp(entry->d_name, "latest") == 0) latest_type = type_name(entry->d_type);
        if (strcmp(entry->d_name, "objects") == 0) objects_type = type_name(entry->d_type);
        names[count] = strdup(entry->d_name);
        positions[count++] = telldir(dir);
    }
    printf("d_type: latest is a %s, objects a %s\n", latest_type, objects_type);
    int returns = 1;
    for (size_t i = 0; i + 1 < count; ++i) {
        seekdir(dir, positions[i]);
        struct dirent* entry = readdir(dir);
        returns &= entry && strcmp(entry->d_name, names[i + 1]) == 0;
    }
    printf("%zu entries; seekdir to each telldir returns to the next entry: %d\n", count, returns);
    for (size_t i = 0; i < count; ++i) free(names[i]);
    closedir(dir);

    /* Descriptor flags: O_APPEND can be switched on after opening. */
    int log = openat(store, "log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(log, "first\n", 6);
    lseek(log, 0, SEEK_SET);
    report("fcntl F_SETFL O_APPEND", fcntl(log, F_SETFL, O_APPEND));
    printf("append now: %d\n", (fcntl(log, F_GETFL) & O_APPEND) != 0);
    write(log, "second\n", 7);
    close(log);
    struct stat log_info;
    fstatat(store, "log", &log_info, 0);
    printf("log size: %lld\n", (long long)log_info.st_size);
    report("close store", close(store));
    return 0;
}

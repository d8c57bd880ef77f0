/* The errors a careful program checks for, provoked on purpose: each line names the call and the
 * errno it failed with (by name: the numbers differ between glibc and wasi-libc). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

int main(void) {
    mkdir("data", 0755);
    int fd = open("data/present.txt", O_WRONLY | O_CREAT, 0644);
    write(fd, "present\n", 8);
    close(fd);

    /* ENOENT */
    report("open a missing file", open("data/missing.txt", O_RDONLY));
    report("open in a missing directory", open("nodir/file", O_RDONLY));
    report("create in a missing directory", open("nodir/file", O_WRONLY | O_CREAT, 0644));
    struct stat info;
    report("stat a missing file", stat("data/missing.txt", &info));
    errno = 0;
    printf("opendir a missing directory: %s\n", opendir("nodir") ? "ok" : errno_name(errno));
    errno = 0;
    printf("fopen a missing file: %s\n", fopen("data/missing.txt", "r") ? "ok" : errno_name(errno));

    /* EEXIST, ENOTDIR, EISDIR */
    report("exclusive create of an existing file", open("data/present.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
    report("mkdir an existing directory", mkdir("data", 0755));
    report("mkdir over a file", mkdir("data/present.txt", 0755));
    report("open through a file", open("data/present.txt/inner", O_RDONLY));
    report("open a file as a directory", open("data/present.txt", O_RDONLY | O_DIRECTORY));
    report("open a directory for writing", open("data", O_WRONLY));
    report("open a directory for reading and writing", open("data", O_RDWR));
    errno = 0;
    printf("fopen a directory for writing: %s\n", fopen("data", "w") ? "ok" : errno_name(errno));

    /* EBADF and EINVAL on descriptors */
    char byte;
    report("read a closed descriptor", (int)read(fd, &byte, 1));
    report("close it twice", close(fd));
    report("write to a descriptor that does not exist", (int)write(999, "x", 1));
    int reader = open("data/present.txt", O_RDONLY);
    report("lseek with a bad whence", (int)lseek(reader, 0, 42));
    report("read a directory with read()", (int)read(open("data", O_RDONLY | O_DIRECTORY), &byte, 1));
    close(reader);

    /* ENAMETOOLONG: a component longer than NAME_MAX. */
    char long_name[300];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    report("open a name of 299 bytes", open(long_name, O_WRONLY | O_CREAT, 0644));

    /* errno is left alone by calls that succeed. */
    errno = 0;
    close(open("data/present.txt", O_RDONLY));
    printf("errno after success: %s\n", errno_name(errno));
    return 0;
}

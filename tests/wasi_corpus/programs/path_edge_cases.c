/* The corner cases of path and descriptor calls that a portable file utility trips over: trailing
 * slashes, "." and "..", renaming a directory into itself, O_NOFOLLOW, symlink loops, hard links
 * to directories, and operations on descriptors opened for the other direction. Each line is the
 * call and its outcome; both builds must agree on every one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static void make_file(const char* path) { close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)); }

static int stat_of(const char* path) {
    struct stat info;
    return stat(path, &info);
}

static int lstat_of(const char* path) {
    struct stat info;
    return lstat(path, &info);
}

int main(void) {
    mkdir("dir", 0755);
    make_file("file");
    make_file("dir/inner");
    symlink("file", "to-file");
    symlink("dir", "to-dir");
    symlink("self", "self");
    symlink("nowhere", "dangling");

    /* Trailing slashes */
    report("mkdir with a trailing slash", mkdir("made/", 0755));
    report("open file/ for reading", open("file/", O_RDONLY));
    report("create new/ as a file", open("new/", O_WRONLY | O_CREAT, 0644));
    report("stat dir/", stat_of("dir/"));
    report("stat to-dir/ (follows)", stat_of("to-dir/"));
    report("rename file to file2/", rename("file", "file2/"));
    report("rename made/ to made2/", rename("made/", "made2/"));
    report("rmdir made2/", rmdir("made2/"));
    report("unlink to-file/", unlink("to-file/"));

    /* Dots and the directory itself */
    report("rmdir .", rmdir("."));
    report("rmdir dir/.", rmdir("dir/."));
    report("rmdir dir/..", rmdir("dir/.."));
    report("mkdir .", mkdir(".", 0755));
    report("rename dir into itself", rename("dir", "dir/sub"));
    report("rename . to elsewhere", rename(".", "elsewhere"));
    report("open dir/../file", open("dir/../file", O_RDONLY));
    report("open dir/./inner", open("dir/./inner", O_RDONLY));

    /* Links */
    report("open to-file with O_NOFOLLOW", open("to-file", O_RDONLY | O_NOFOLLOW));
    report("open self (a loop)", open("self", O_RDONLY));
    report("stat self", stat_of("self"));
    report("lstat self", lstat_of("self"));
    report("hard link to a directory", link("dir", "dir-link"));
    report("hard link over an existing name", link("dir/inner", "to-dir"));
    report("mkdir through a symlink's name", mkdir("to-file", 0755));
    report("rmdir a symlink to a directory", rmdir("to-dir"));
    report("unlink a symlink to a directory", unlink("to-dir"));
    report("O_CREAT|O_EXCL on a dangling symlink", open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644));
    report("O_CREAT through a dangling symlink", open("dangling", O_WRONLY | O_CREAT, 0644));

    /* Descriptors used in the wrong direction */
    int reader = open("dir/inner", O_RDONLY);
    report("write to a read-only descriptor", (int)write(reader, "x", 1));
    int writer = open("dir/inner", O_WRONLY);
    char byte;
    report("read a write-only descriptor", (int)read(writer, &byte, 1));
    report("read at the end of a file", (int)read(reader, &byte, 1));
    report("lseek past the end", (int)lseek(reader, 100, SEEK_SET));
    report("ftruncate to a negative size", ftruncate(writer, -1));
    report("fsync a read-only descriptor", fsync(reader));
    int dir = open("dir", O_RDONLY | O_DIRECTORY);
    report("fsync a directory", fsync(dir));
    close(reader);
    close(writer);
    close(dir);
    return 0;
}

/* Builds a small project tree with mkdir and files of known sizes, then walks it recursively with
 * opendir/readdir/stat and prints it sorted (readdir's order is the filesystem's), with a total. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static void make_file(const char* path, size_t size) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (size_t i = 0; i < size; ++i) write(fd, &"abcdefghij"[i % 10], 1);
    close(fd);
}

static int compare_names(const void* a, const void* b) {
    return strcmp(*(char* const*)a, *(char* const*)b);
}

static long long walk(const char* path, int depth) {
    DIR* dir = opendir(path);
    if (!dir) {
        report(path, -1);
        return 0;
    }
    char** names = NULL;
    size_t count = 0;
    for (struct dirent* entry; (entry = readdir(dir));) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        names = realloc(names, (count + 1) * sizeof *names);
        names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof *names, compare_names);

    long long total = 0;
    for (size_t i = 0; i < count; ++i) {
        char child[512];
        snprintf(child, sizeof child, "%s/%s", path, names[i]);
        struct stat info;
        stat(child, &info);
        if (S_ISDIR(info.st_mode)) {
            printf("%*s%s/\n", depth * 2, "", names[i]);
            total += walk(child, depth + 1);
        } else {
            printf("%*s%s (%lld bytes)\n", depth * 2, "", names[i], (long long)info.st_size);
            total += info.st_size;
        }
        free(names[i]);
    }
    free(names);
    return total;
}

int main(void) {
    const char* dirs[] = {"project", "project/src", "project/src/util", "project/docs", "project/empty"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; ++i) report(dirs[i], mkdir(dirs[i], 0755));
    make_file("project/README", 120);
    make_file("project/src/main.c", 2048);
    make_file("project/src/util/strings.c", 999);
    make_file("project/src/util/strings.h", 64);
    make_file("project/docs/guide.txt", 0);
    report("mkdir project again", mkdir("project", 0755));
    printf("project/\n");
    printf("total: %lld bytes\n", walk("project", 1));

    /* rewinddir starts the listing over: count twice. */
    DIR* dir = opendir("project/src");
    int first = 0, second = 0;
    while (readdir(dir)) ++first;
    rewinddir(dir);
    while (readdir(dir)) ++second;
    closedir(dir);
    printf("entries in project/src, twice: %d %d\n", first, second);
    return 0;
}

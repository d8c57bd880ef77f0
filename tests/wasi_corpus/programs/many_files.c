/* A spool directory with hundreds of long-named files: more entries than one readdir buffer holds,
 * so the listing is read in several batches. Lists them, removes every third one while counting
 * the survivors, and empties the directory with a second listing. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

#define FILES 600

static int count_entries(const char* path, unsigned* checksum) {
    DIR* dir = opendir(path);
    int count = 0;
    *checksum = 0;
    for (struct dirent* entry; (entry = readdir(dir));) {
        if (entry->d_name[0] == '.') continue;
        ++count;
        for (const char* c = entry->d_name; *c; ++c) *checksum += (unsigned char)*c; /* order-free */
    }
    closedir(dir);
    return count;
}

int main(void) {
    report("mkdir spool", mkdir("spool", 0755));
    char path[300];
    for (int i = 0; i < FILES; ++i) {
        snprintf(path, sizeof path, "spool/message-%04d-with-a-rather-long-name-to-fill-the-buffer-%0*d.msg", i, 40, i);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0) {
            report(path, -1);
            return 1;
        }
        dprintf(fd, "message %d\n", i);
        close(fd);
    }
    unsigned checksum;
    printf("created: %d entries, name checksum %u\n", count_entries("spool", &checksum), checksum);

    int removed = 0;
    for (int i = 0; i < FILES; i += 3) {
        snprintf(path, sizeof path, "spool/message-%04d-with-a-rather-long-name-to-fill-the-buffer-%0*d.msg", i, 40, i);
        removed += unlink(path) == 0;
    }
    printf("removed %d, left: %d entries\n", removed, count_entries("spool", &checksum));

    /* Empty it from a listing, as a cleaner would, then the directory itself. */
    DIR* dir = opendir("spool");
    int cleaned = 0;
    for (struct dirent* entry; (entry = readdir(dir));) {
        if (entry->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "spool/%s", entry->d_name);
        cleaned += unlink(path) == 0;
    }
    closedir(dir);
    printf("cleaned %d, left: %d entries\n", cleaned, count_entries("spool", &checksum));
    report("rmdir spool", rmdir("spool"));
    return 0;
}

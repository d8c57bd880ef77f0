/* A build script's moves between directories: chdir into a nested output folder, create files
 * there by relative name, climb back with "..", and open through paths relative to the new
 * working directory. Where it is shows by what it can see: getcwd differs (natively a host path;
 * wasi-libc keeps "dir/.." as text). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

static void where(void) {
    static const char* landmarks[] = {"out", "src", "obj", "main.o", "build.log"};
    printf("here:");
    for (size_t i = 0; i < sizeof landmarks / sizeof *landmarks; ++i)
        if (access(landmarks[i], F_OK) == 0) printf(" %s", landmarks[i]);
    printf("\n");
}

static void write_text(const char* path, const char* text) {
    FILE* out = fopen(path, "w");
    if (!out) {
        printf("fopen %s: %s\n", path, errno_name(errno));
        return;
    }
    fputs(text, out);
    fclose(out);
}

int main(void) {
    mkdir("out", 0755);
    mkdir("out/obj", 0755);
    mkdir("src", 0755);
    write_text("src/main.c", "int main(void) { return 0; }\n");
    report("chdir out/obj", chdir("out/obj"));
    write_text("main.o", "object code\n");
    where();
    write_text("../build.log", "compiled main.c\n");
    FILE* source = fopen("../../src/main.c", "r");
    char line[64] = "";
    if (source) {
        fgets(line, sizeof line, source);
        fclose(source);
    }
    printf("read the source from here: %s", source ? line : "no\n");
    report("chdir ..", chdir(".."));
    where();
    report("chdir into a file", chdir("build.log"));
    report("chdir into nothing", chdir("missing"));
    struct stat info;
    report("stat obj/main.o", stat("obj/main.o", &info));
    report("rename obj/main.o to main.o", rename("obj/main.o", "main.o"));
    report("chdir ..", chdir(".."));
    where();
    report("unlink src/main.c", unlink("src/main.c"));
    report("rmdir src", rmdir("src"));
    return 0;
}

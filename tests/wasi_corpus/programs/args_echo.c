/* Echoes its arguments the way a shell user would want to check them: quoted, with their lengths
 * in bytes, joined, and in reverse; argv[0] by its last path component only (natively it is the
 * path the program was started with). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* last_component(const char* path) {
    const char* slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int main(int argc, char** argv) {
    printf("program: %s\n", last_component(argv[0]));
    printf("argc: %d\n", argc);
    size_t total = 0;
    for (int i = 1; i < argc; ++i) {
        printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
        total += strlen(argv[i]);
    }
    if (argv[argc] != NULL) {
        printf("argv is not null-terminated\n");
        return 1;
    }

    char* joined = calloc(total + (size_t)argc + 1, 1);
    for (int i = 1; i < argc; ++i) {
        if (i > 1) strcat(joined, "|");
        strcat(joined, argv[i]);
    }
    printf("joined: %s\n", joined);
    free(joined);

    printf("reversed:");
    for (int i = argc - 1; i >= 1; --i) printf(" %s", argv[i]);
    printf("\n");
    return 0;
}

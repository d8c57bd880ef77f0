/* Reports the environment it was given, sorted, then changes it with setenv, putenv and unsetenv
 * and reports again: both builds must agree on what each call leaves behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static int compare_strings(const void* a, const void* b) {
    return strcmp(*(const char* const*)a, *(const char* const*)b);
}

static void dump(const char* title) {
    size_t count = 0;
    while (environ[count]) ++count;
    const char** sorted = malloc((count + 1) * sizeof *sorted);
    memcpy(sorted, environ, count * sizeof *sorted);
    qsort(sorted, count, sizeof *sorted, compare_strings);
    printf("%s (%zu):\n", title, count);
    for (size_t i = 0; i < count; ++i) printf("  %s\n", sorted[i]);
    free(sorted);
}

static void show(const char* name) {
    const char* value = getenv(name);
    printf("%s=%s\n", name, value ? value : "(unset)");
}

int main(void) {
    dump("initial");
    show("GREETING");
    show("EMPTY");
    show("MISSING");

    setenv("GREETING", "changed", 0); /* no overwrite: keeps the old value */
    show("GREETING");
    setenv("GREETING", "changed", 1);
    show("GREETING");
    static char added[] = "ADDED=by putenv";
    putenv(added);
    show("ADDED");
    unsetenv("EMPTY");
    show("EMPTY");
    setenv("WITH_EQUALS", "a=b=c", 1);
    show("WITH_EQUALS");
    dump("final");

    /* A variable list from the environment, split at commas. */
    const char* list = getenv("PATHLIKE");
    if (list) {
        char* copy = strdup(list);
        int n = 0;
        for (char* item = strtok(copy, ","); item; item = strtok(NULL, ",")) printf("item %d: %s\n", ++n, item);
        free(copy);
    }
    return 0;
}

/* A checker that reports through its exit status: exits with the number of arguments that are not
 * valid decimal integers (capped at 100), runs its atexit handlers in reverse order, and leaves
 * buffered output for exit() to flush. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static void first_registered(void) { printf("atexit: first registered, runs last\n"); }
static void second_registered(void) { printf("atexit: second registered, runs first\n"); }

static int is_integer(const char* text, long long* value) {
    char* end;
    errno = 0;
    *value = strtoll(text, &end, 10);
    return end != text && *end == '\0' && errno == 0;
}

static _Noreturn void finish(int invalid) {
    printf("invalid arguments: %d\n", invalid);
    /* Not flushed here: exit() must flush stdout after the handlers ran. */
    exit(invalid > 100 ? 100 : invalid);
}

int main(int argc, char** argv) {
    setvbuf(stdout, NULL, _IOFBF, 4096);
    atexit(first_registered);
    atexit(second_registered);
    int invalid = 0;
    long long sum = 0;
    for (int i = 1; i < argc; ++i) {
        long long value;
        if (is_integer(argv[i], &value)) {
            sum += value;
            printf("%s: integer\n", argv[i]);
        } else {
            ++invalid;
            printf("%s: not an integer\n", argv[i]);
        }
    }
    printf("sum of integers: %lld\n", sum);
    finish(invalid);
}

// A function for the Faaslet tests: its input (stdin) names what it does, so one module covers
// every behaviour the tests need. The output is on stdout.
//   echo TEXT      prints TEXT
//   plant KEY      leaves KEY xor 0x55 in static memory, on the heap and in a global
//   scan KEY       prints "found" if KEY xor 0x55 is anywhere in linear memory, else "clean";
//                  the pattern is built byte by byte from KEY in registers, so the scan itself
//                  never writes it
//   count          increments a static counter and prints it (1 on a fresh state)
//   pages          prints the memory size in pages
//   grow           allocates until malloc fails, then prints the pages it reached
//   close          closes stdout (the next call must have it again)
//   loop           never ends
//   sleep          sleeps for an hour
//   trap           traps
//   exit N         exits with status N
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char planted[64];
static char* plantedHeap;
static uint64_t plantedGlobal;
static int counter;

static void xorInto(char* out, const char* key, size_t n) {
    for (size_t i = 0; i < n; ++i) out[i] = (char)(key[i] ^ 0x55);
}

// Address 0 of linear memory, hidden from the compiler (which may not assume a null pointer).
static const unsigned char* volatile memoryStart;

static int scan(const char* key, size_t n) {
    const unsigned char* memory = memoryStart;
    const size_t size = __builtin_wasm_memory_size(0) * 65536;
    for (size_t at = 1; at + n <= size; ++at) {
        size_t k = 0;
        while (k < n && memory[at + k] == (unsigned char)(key[k] ^ 0x55)) ++k;
        if (k == n) return 1;
    }
    return 0;
}

int main(void) {
    char input[256] = {0};
    size_t length = fread(input, 1, sizeof input - 1, stdin);
    input[length] = 0;
    char* argument = strchr(input, ' ');
    if (argument) *argument++ = 0;
    const size_t argumentLength = argument ? strlen(argument) : 0;

    if (!strcmp(input, "echo")) {
        printf("%s", argument ? argument : "");
    } else if (!strcmp(input, "plant") && argument && argumentLength < sizeof planted) {
        xorInto(planted, argument, argumentLength);
        plantedHeap = malloc(argumentLength);
        xorInto(plantedHeap, argument, argumentLength);
        memcpy(&plantedGlobal, planted, argumentLength < 8 ? argumentLength : 8);
        memset(input, 0, sizeof input);
        printf("planted\n");
    } else if (!strcmp(input, "scan") && argument) {
        printf("%s\n", scan(argument, argumentLength) || (plantedGlobal != 0) ? "found" : "clean");
    } else if (!strcmp(input, "count")) {
        printf("%d\n", ++counter);
    } else if (!strcmp(input, "pages")) {
        printf("%zu\n", (size_t)__builtin_wasm_memory_size(0));
    } else if (!strcmp(input, "grow")) {
        // Kept in a volatile, or the compiler drops allocations nobody uses.
        static void* volatile allocated;
        while ((allocated = malloc(1 << 20))) {
        }
        printf("%zu\n", (size_t)__builtin_wasm_memory_size(0));
    } else if (!strcmp(input, "close")) {
        close(1);
    } else if (!strcmp(input, "loop")) {
        for (volatile int i = 0;; ++i) {
        }
    } else if (!strcmp(input, "sleep")) {
        sleep(3600);
    } else if (!strcmp(input, "trap")) {
        __builtin_trap();
    } else if (!strcmp(input, "exit") && argument) {
        exit(atoi(argument));
    } else {
        fprintf(stderr, "unknown request \"%s\"\n", input);
        return 2;
    }
    return 0;
}

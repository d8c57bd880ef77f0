// A function for the state tests: its input (stdin) names what it does with the state API, and
// it prints the results (return codes as numbers) on stdout, one per line.
//   write KEY TEXT            __faasm_write_state; prints the code
//   read KEY                  prints the value as text, or "error CODE"
//   size KEY                  prints __faasm_read_state_size
//   poke KEY LEN OFF CHAR     maps LEN bytes, stores CHAR at OFF; prints the code of flag dirty
//   peek KEY LEN OFF          maps LEN bytes, prints the byte at OFF as a character
//   map KEY LEN               maps, prints the guest address (0: refused)
//   map-twice KEY LEN         prints whether mapping again in the call gives the same address
//   map-grow KEY LEN          maps, then grows the memory by 16 pages and writes all of them:
//                             prints "intact" if the mapped bytes did not change
//   touch ADDR                reads the byte at ADDR (a mapping of an earlier call: must trap)
//   grow-touch ADDR PAGES     grows the memory by PAGES pages, then prints the byte at ADDR
//   push KEY | pushp KEY      __faasm_push_state | _partial; prints the code
//   pull KEY LEN              prints the code
//   append KEY TEXT           prints the code
//   appended KEY N            prints the first N entries, one after another, or "error CODE"
//   clear KEY                 prints the code
//   incr-local KEY            adds 1 to the 8-byte counter KEY under the local write lock
//   incr-global KEY           adds 1 to the global counter KEY under the global lock (pull,
//                             add, push, unlock)
//   show KEY                  prints the 8-byte counter KEY as a number, or "error CODE"
//   hold KEY                  takes the local write lock and ends without releasing it
//   relock KEY                prints the codes of locking twice and unlocking three times
//   bad                       prints the codes of refused calls, one per line (see below)
#include <faaslet/serverless.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* word(char** cursor) {
    char* start = *cursor;
    if (!start) return "";
    char* space = strchr(start, ' ');
    if (space) {
        *space = 0;
        *cursor = space + 1;
    } else {
        *cursor = NULL;
    }
    return start;
}

// Address 0 of linear memory, hidden from the compiler (which may not assume a null pointer).
static unsigned char* volatile memoryStart;

static long counterAdd(const char* key) {
    uint64_t value = 0;
    long rc = __faasm_read_state_offset(key, 8, 0, (unsigned char*)&value, 8);
    if (rc < 0) return rc;
    ++value;
    return __faasm_write_state_offset(key, 8, 0, (const unsigned char*)&value, 8);
}

int main(void) {
    static char input[1 << 16];
    size_t length = fread(input, 1, sizeof input - 1, stdin);
    input[length] = 0;
    char* rest = input;
    const char* command = word(&rest);
    const char* key = word(&rest);

    if (!strcmp(command, "write")) {
        const char* text = rest ? rest : "";
        printf("%ld\n", __faasm_write_state(key, (const unsigned char*)text, (long)strlen(text)));
    } else if (!strcmp(command, "read")) {
        char buffer[4096];
        long n = __faasm_read_state(key, (unsigned char*)buffer, sizeof buffer);
        if (n < 0)
            printf("error %ld\n", n);
        else
            printf("%.*s\n", (int)n, buffer);
    } else if (!strcmp(command, "size")) {
        printf("%ld\n", __faasm_read_state_size(key));
    } else if (!strcmp(command, "poke") || !strcmp(command, "peek")) {
        const long len = atol(word(&rest));
        const long offset = atol(word(&rest));
        unsigned char* value = __faasm_read_state_ptr(key, len);
        if (!value) {
            printf("refused\n");
        } else if (!strcmp(command, "poke")) {
            value[offset] = (unsigned char)word(&rest)[0];
            printf("%ld\n", __faasm_flag_state_offset_dirty(key, len, offset, 1));
        } else {
            printf("%c\n", value[offset]);
        }
    } else if (!strcmp(command, "map")) {
        printf("%lu\n", (unsigned long)(uintptr_t)__faasm_read_state_ptr(key, atol(word(&rest))));
    } else if (!strcmp(command, "map-twice")) {
        const long len = atol(word(&rest));
        unsigned char* first = __faasm_read_state_ptr(key, len);
        unsigned char* second = __faasm_read_state_ptr(key, len);
        printf("%s\n", first && first == second ? "same" : "different");
    } else if (!strcmp(command, "map-grow")) {
        const long len = atol(word(&rest));
        unsigned char* value = __faasm_read_state_ptr(key, len);
        if (!value) {
            printf("refused\n");
        } else {
            memset(value, 'm', (size_t)len);
            const size_t before = __builtin_wasm_memory_grow(0, 16);
            if (before == (size_t)-1) {
                printf("grow failed\n");
            } else {
                memset(memoryStart + before * 65536, 'g', 16 * 65536);
                int intact = 1;
                for (long i = 0; i < len; ++i) intact &= value[i] == 'm';
                printf("%s\n", intact && (uintptr_t)value < before * 65536 ? "intact" : "overlapped");
            }
        }
    } else if (!strcmp(command, "touch")) {
        printf("%d\n", memoryStart[strtoul(key, NULL, 10)]);
    } else if (!strcmp(command, "grow-touch")) {
        const unsigned long address = strtoul(key, NULL, 10);
        if (__builtin_wasm_memory_grow(0, (size_t)atol(word(&rest))) == (size_t)-1)
            printf("grow failed\n");
        else
            printf("%d\n", memoryStart[address]);
    } else if (!strcmp(command, "push")) {
        printf("%ld\n", __faasm_push_state(key));
    } else if (!strcmp(command, "pushp")) {
        printf("%ld\n", __faasm_push_state_partial(key));
    } else if (!strcmp(command, "pull")) {
        printf("%ld\n", __faasm_pull_state(key, atol(word(&rest))));
    } else if (!strcmp(command, "append")) {
        const char* text = rest ? rest : "";
        printf("%ld\n", __faasm_append_state(key, (const unsigned char*)text, (long)strlen(text)));
    } else if (!strcmp(command, "appended")) {
        static char buffer[1 << 15];
        long n = __faasm_read_appended_state(key, (unsigned char*)buffer, sizeof buffer, atol(word(&rest)));
        if (n < 0)
            printf("error %ld\n", n);
        else
            printf("%.*s\n", (int)n, buffer);
    } else if (!strcmp(command, "clear")) {
        printf("%ld\n", __faasm_clear_appended_state(key));
    } else if (!strcmp(command, "incr-local")) {
        long rc = __faasm_lock_state_write(key);
        if (rc == 0) rc = counterAdd(key);
        const long unlocked = __faasm_unlock_state_write(key);
        printf("%ld\n", rc ? rc : unlocked);
    } else if (!strcmp(command, "incr-global")) {
        long rc = __faasm_lock_state_global(key);
        if (rc == 0) {
            // The global tier's value is the truth: pull it (none yet is a count of 0), add, push.
            rc = __faasm_pull_state(key, 8);
            if (rc == 0 || rc == -44) rc = counterAdd(key);
            if (rc == 0) rc = __faasm_push_state(key);
            const long unlocked = __faasm_unlock_state_global(key);
            if (rc == 0) rc = unlocked;
        }
        printf("%ld\n", rc);
    } else if (!strcmp(command, "show")) {
        uint64_t value = 0;
        long n = __faasm_read_state(key, (unsigned char*)&value, sizeof value);
        if (n < 0)
            printf("error %ld\n", n);
        else
            printf("%llu\n", (unsigned long long)value);
    } else if (!strcmp(command, "hold")) {
        printf("%ld\n", __faasm_lock_state_write(key));
    } else if (!strcmp(command, "relock")) {
        printf("%ld\n", __faasm_lock_state_write(key));
        printf("%ld\n", __faasm_lock_state_write(key));
        printf("%ld\n", __faasm_unlock_state_write(key));
        printf("%ld\n", __faasm_unlock_state_write(key));
        printf("%ld\n", __faasm_unlock_state_read(key));
    } else if (!strcmp(command, "bad")) {
        // Each refused call on its own line, in this order.
        static char longKey[300];
        memset(longKey, 'k', sizeof longKey - 1);
        unsigned char data[16] = {0};
        printf("%ld\n", __faasm_write_state("", data, 4));                            // empty key
        printf("%ld\n", __faasm_write_state(longKey, data, 4));                       // too long
        printf("%ld\n", __faasm_write_state("tab\there", data, 4));                   // not printable
        printf("%ld\n", __faasm_write_state((const char*)0xfffffff0u, data, 4));      // outside memory
        printf("%ld\n", __faasm_write_state("v", (const unsigned char*)0xfffffff0u, 16));  // data outside
        printf("%ld\n", __faasm_write_state("v", data, 0));                           // size 0
        printf("%ld\n", __faasm_write_state("v", data, 8));                           // made with 8 bytes
        printf("%ld\n", __faasm_write_state("v", data, 16));                          // not its size
        printf("%ld\n", __faasm_read_state_offset("v", 8, 4, data, 8));               // past the end
        printf("%ld\n", __faasm_write_state_offset("v", 8, 0xfffffffcu, data, 8));    // offset wraps
        printf("%ld\n", __faasm_read_state_offset("v", 16, 0, data, 4));              // wrong total
        printf("%ld\n", __faasm_flag_state_offset_dirty("v", 8, 8, 1));               // past the end
        printf("%ld\n", (long)(uintptr_t)__faasm_read_state_offset_ptr("v", 8, 6, 4));  // past: NULL
        printf("%ld\n", __faasm_read_state("absent", data, 4));                       // no value
        printf("%ld\n", __faasm_pull_state("absent", 8));                             // not global
        printf("%ld\n", __faasm_write_state_offset("huge", 0x7fffffff, 0, data, 1));  // above 1 GiB
        printf("%ld\n", __faasm_read_appended_state("v", data, 16, 1));               // nothing: 0
        __faasm_append_state("list", data, 16);
        __faasm_append_state("list", data, 16);
        printf("%ld\n", __faasm_read_appended_state("list", data, 16, 2));            // too small
        printf("%ld\n", __faasm_unlock_state_global("v"));                            // not held
    } else {
        printf("unknown command %s\n", command);
        return 2;
    }
    return 0;
}

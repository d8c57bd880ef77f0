// WASI preview1 on the host for wasm2c'd modules: stdio output, clocks, arguments, an empty
// environment and exit; just what wasi-libc's printf, clock_gettime and exit reach. Every guest
// pointer is checked against the memory, so a bad one is an error, never a host fault.

#include "wasi_shim.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

typedef struct Z_wasi_snapshot_preview1_instance_t Wasi;

enum { kSuccess = 0, kBadFd = 8, kFault = 21, kInvalid = 28, kIo = 29, kNoSeek = 70 };
enum { kFiletypeUnknown = 0, kFiletypeCharacterDevice = 2 };

static uint8_t* guest(Wasi* wasi, uint32_t address, uint64_t length) {
    if ((uint64_t)address + length > wasi->memory->size) return NULL;
    return wasi->memory->data + address;
}

static int store32(Wasi* wasi, uint32_t address, uint32_t value) {
    uint8_t* p = guest(wasi, address, 4);
    if (p) memcpy(p, &value, 4);
    return p != NULL;
}

static int store64(Wasi* wasi, uint32_t address, uint64_t value) {
    uint8_t* p = guest(wasi, address, 8);
    if (p) memcpy(p, &value, 8);
    return p != NULL;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_write(Wasi* wasi, uint32_t fd, uint32_t iovs, uint32_t count,
                                            uint32_t written) {
    if (fd != 1 && fd != 2) return kBadFd;
    uint32_t total = 0;
    for (uint32_t i = 0; i < count; ++i) {
        uint8_t* entry = guest(wasi, iovs + 8 * i, 8);
        if (!entry) return kFault;
        uint32_t base, length;
        memcpy(&base, entry, 4);
        memcpy(&length, entry + 4, 4);
        const uint8_t* data = guest(wasi, base, length);
        if (!data) return kFault;
        for (uint32_t done = 0; done < length;) {
            const ssize_t n = write((int)fd, data + done, length - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return kIo;
            done += (uint32_t)n;
        }
        total += length;
    }
    return store32(wasi, written, total) ? kSuccess : kFault;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_fdstat_get(Wasi* wasi, uint32_t fd, uint32_t stat) {
    if (fd > 2) return kBadFd;
    uint8_t* p = guest(wasi, stat, 24);
    if (!p) return kFault;
    // A terminal makes wasi-libc line-buffer stdout, as natively; anything else is fully buffered.
    memset(p, 0, 24);
    p[0] = isatty((int)fd) ? kFiletypeCharacterDevice : kFiletypeUnknown;
    memset(p + 8, 0xff, 16);
    return kSuccess;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_seek(Wasi* wasi, uint32_t fd, uint64_t offset, uint32_t whence,
                                           uint32_t result) {
    (void)wasi, (void)offset, (void)whence, (void)result;
    return fd > 2 ? kBadFd : kNoSeek;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_close(Wasi* wasi, uint32_t fd) {
    (void)wasi;
    return fd > 2 ? kBadFd : kSuccess;
}

uint32_t Z_wasi_snapshot_preview1Z_clock_time_get(Wasi* wasi, uint32_t id, uint64_t precision,
                                                  uint32_t result) {
    (void)precision;
    static const clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                       CLOCK_THREAD_CPUTIME_ID};
    if (id >= sizeof clocks / sizeof clocks[0]) return kInvalid;
    struct timespec ts;
    clock_gettime(clocks[id], &ts);
    return store64(wasi, result, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) ? kSuccess
                                                                                           : kFault;
}

uint32_t Z_wasi_snapshot_preview1Z_args_sizes_get(Wasi* wasi, uint32_t count, uint32_t bufferSize) {
    uint32_t bytes = 0;
    for (int i = 0; i < wasi->argc; ++i) bytes += (uint32_t)strlen(wasi->argv[i]) + 1;
    return store32(wasi, count, (uint32_t)wasi->argc) && store32(wasi, bufferSize, bytes) ? kSuccess : kFault;
}

uint32_t Z_wasi_snapshot_preview1Z_args_get(Wasi* wasi, uint32_t pointers, uint32_t buffer) {
    for (int i = 0; i < wasi->argc; ++i) {
        const uint32_t length = (uint32_t)strlen(wasi->argv[i]) + 1;
        uint8_t* p = guest(wasi, buffer, length);
        if (!p || !store32(wasi, pointers + 4 * (uint32_t)i, buffer)) return kFault;
        memcpy(p, wasi->argv[i], length);
        buffer += length;
    }
    return kSuccess;
}

uint32_t Z_wasi_snapshot_preview1Z_environ_sizes_get(Wasi* wasi, uint32_t count, uint32_t bufferSize) {
    return store32(wasi, count, 0) && store32(wasi, bufferSize, 0) ? kSuccess : kFault;
}

uint32_t Z_wasi_snapshot_preview1Z_environ_get(Wasi* wasi, uint32_t pointers, uint32_t buffer) {
    (void)wasi, (void)pointers, (void)buffer;
    return kSuccess;
}

void Z_wasi_snapshot_preview1Z_proc_exit(Wasi* wasi, uint32_t code) {
    (void)wasi;
    exit((int)code);
}

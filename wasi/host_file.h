#pragma once
// Conversions between the host's file metadata and WASI's: file types, descriptor flags, stat
// records and timestamps.

#include <sys/stat.h>
#include <time.h>

#include <cstdint>

#include "wasi/guest_memory.h"
#include "wasi/errors.h"
#include "wasi/preview1_types.h"

namespace faaslet::wasi {

preview1::FileType fileTypeOf(mode_t mode);
// The type of an open descriptor: fileTypeOf, with datagram sockets told apart from stream ones.
preview1::FileType fileTypeOfDescriptor(int fd, mode_t mode);
// From a getdents d_type (as the mode it stands for); Unknown for DT_UNKNOWN.
preview1::FileType fileTypeOfDirent(unsigned char dType);

// fdflags from fcntl(F_GETFL) flags, and open(2) flags from fdflags.
uint16_t fdflagsFromHost(int hostFlags);
int hostFlagsFromFdflags(uint16_t flags);

// Nanoseconds since the epoch; times before it are 0 (WASI timestamps are unsigned).
uint64_t timestampOf(const timespec& t);
timespec timespecOf(uint64_t ns);

// Writes a filestat record (64 bytes) at `address`; false when it does not fit.
bool writeFilestat(const GuestMemory& memory, uint64_t address, const struct stat& st);

// The utimensat(2) times for a WASI (atim, mtim, fst_flags): EINVAL when a time is given both as a
// value and as "now", or for unknown flags (fst_flags is a u16 the guest passes as an i32).
WasiErrno hostTimes(uint64_t atim, uint64_t mtim, uint32_t fstFlags, timespec out[2]);

}  // namespace faaslet::wasi

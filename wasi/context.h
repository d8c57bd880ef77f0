#pragma once
// The state one WASI instance sees: its arguments, environment and descriptor table.
//
// Descriptors 0, 1 and 2 are stdio: either the process's own (Inherit, for `faaslet run`) or
// buffers (Capture, for serverless calls: stdin is given bytes, stdout and stderr are collected).
// Preopened directories follow from 3 on, in the order they were added (wasi-libc scans from 3
// until fd_prestat_get says EBADF, so add them all before the guest runs); files and directories
// the guest opens take the lowest free number.
//
// Every descriptor carries WASI rights (base: what it allows; inheriting: the most that descriptors
// opened through it may get). Rights only ever shrink: path_open grants at most the directory's
// inheriting rights and fd_fdstat_set_rights can only drop some. A read-only preopen (Faasm's
// read-global data) lacks every right that changes the filesystem, and so does everything opened
// beneath it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.h"
#include "common/unique_fd.h"
#include "wasi/errors.h"
#include "wasi/preview1_types.h"

namespace faaslet::wasi {

enum class StdioMode {
    Inherit,  // fds 0-2 are the process's stdio (never closed, flags never changed, by the guest)
    Capture,  // stdin reads WasiConfig::stdinData, stdout and stderr are kept in the context
};

struct WasiConfig {
    std::vector<std::string> args;  // args[0] is the program name
    std::vector<std::string> env;   // "KEY=VALUE"
    StdioMode stdio = StdioMode::Inherit;
    std::string stdinData;                   // Capture: the bytes fd 0 reads, then end of file
    size_t captureLimit = size_t(64) << 20;  // Capture: bytes kept per output; a write past it is ENOSPC
    uint32_t maxDescriptors = 1024;          // more open descriptors than this is EMFILE
};

enum class PreopenAccess { ReadOnly, ReadWrite };

struct Preopen {
    std::string hostPath;   // the host directory
    std::string guestPath;  // what fd_prestat_dir_name says: wasi-libc resolves the guest's paths against it
    PreopenAccess access = PreopenAccess::ReadWrite;
};

// What a descriptor reads from and writes to.
enum class Stream : uint8_t { Host, CapturedStdin, CapturedStdout, CapturedStderr };

// Where fd_readdir stopped: the cookie it handed out last and the kernel's position there.
struct ListingPosition {
    uint64_t cookie = 0;
    int64_t offset = 0;
};

struct Descriptor {
    // Unique in the process for the descriptor's life: a checkpoint recognises the descriptors
    // that are still the ones it saw (not closed, renumbered or replaced at the same address).
    uint64_t id = nextId();
    Stream stream = Stream::Host;
    int hostFd = -1;  // for Stream::Host: owned (by `owned`) unless it is inherited stdio
    UniqueFd owned;
    preview1::FileType type = preview1::FileType::Unknown;
    uint16_t flags = 0;  // preview1::fdflags
    uint64_t rightsBase = 0;
    uint64_t rightsInheriting = 0;
    std::optional<std::string> preopenPath;  // set for preopened directories
    ListingPosition listingResume;           // fd_readdir's, so a pass reads the directory once

    bool isDirectory() const { return type == preview1::FileType::Directory; }

private:
    static uint64_t nextId();
};

// The rights a descriptor of `type` can have at most.
uint64_t maxRightsFor(preview1::FileType type);

class WasiContext;

// The descriptor table of a context at one moment (after a Proto-Faaslet's initialisation), to
// put the context back to after each call: descriptors opened since are closed, the ones closed,
// renumbered or reconfigured since come back as they were. It keeps its own duplicate of each host
// descriptor, so nothing the guest does can take them away.
class WasiCheckpoint {
public:
    struct Entry {
        uint32_t fd;
        uint64_t id;
        Descriptor saved;  // attributes as they were; `owned` is the checkpoint's duplicate
    };
    const std::vector<Entry>& entries() const { return entries_; }

private:
    friend class WasiContext;
    std::vector<Entry> entries_;
};

class WasiContext {
public:
    explicit WasiContext(WasiConfig config);
    WasiContext(const WasiContext&) = delete;
    WasiContext& operator=(const WasiContext&) = delete;

    const std::vector<std::string>& args() const { return config_.args; }
    const std::vector<std::string>& env() const { return config_.env; }
    const WasiConfig& config() const { return config_; }

    // Opens `preopen.hostPath` and gives it the next descriptor. The error is a message for the
    // user.
    Expected<uint32_t, std::string> addPreopen(const Preopen& preopen);
    // Hands a host descriptor (a socket, a pipe) to the guest with the rights its type allows.
    Expected<uint32_t, WasiErrno> addHostDescriptor(UniqueFd fd);

    // The descriptor `fd`, or null when it is not open.
    Descriptor* get(uint32_t fd);
    // The descriptor `fd` if it has every right in `rights`: EBADF when it is not open, ENOTCAPABLE
    // when a right is missing.
    WasiErrno lookup(uint32_t fd, uint64_t rights, Descriptor*& out);
    // Descriptors the host adds (preopens, handed-in sockets) start here even when the process lacks
    // some stdio: wasi-libc looks for preopens from 3 on.
    static constexpr uint32_t kFirstHostGiven = 3;
    // Gives `descriptor` the lowest free number from `lowest` on (EMFILE past
    // WasiConfig::maxDescriptors).
    Expected<uint32_t, WasiErrno> insert(std::unique_ptr<Descriptor> descriptor, uint32_t lowest = 0);
    WasiErrno close(uint32_t fd);
    // Moves `from` to `to`, closing what `to` was; both must be open.
    WasiErrno renumber(uint32_t from, uint32_t to);

    // Capture mode: what the guest wrote, and what remains of its input.
    const std::string& capturedStdout() const { return stdout_; }
    const std::string& capturedStderr() const { return stderr_; }
    std::string& captureBuffer(Stream stream) { return stream == Stream::CapturedStderr ? stderr_ : stdout_; }
    std::string_view remainingStdin() const {
        return std::string_view(config_.stdinData).substr(stdinOffset_);
    }
    void consumeStdin(size_t bytes) { stdinOffset_ += bytes; }
    // Capture mode: what fd 0 reads from now on, from its start.
    void setStdin(std::string data) {
        config_.stdinData = std::move(data);
        stdinOffset_ = 0;
    }

    // A checkpoint of the descriptor table (duplicating host descriptors: call it before the thread
    // is sandboxed), and the return to it with a new call's stdin: captured output cleared, the exit
    // status forgotten. The error names what could not be restored.
    Expected<WasiCheckpoint, std::string> checkpoint() const;
    StatusOf<std::string> restore(const WasiCheckpoint& checkpoint, std::string stdinData);

    // Set by proc_exit; the call that ran the guest ends with this status.
    std::optional<uint32_t> exitCode;

    // The interrupt flag of the instance whose call is running (abi::InstanceContext::interrupt),
    // given by the binding for each call: functions that block (poll_oneoff) wait in slices and
    // return EINTR once it is set, and the binding ends the call with the Interrupted trap.
    void setInterruptFlag(const volatile uint32_t* flag) { interruptFlag_ = flag; }
    bool interruptible() const { return interruptFlag_ != nullptr; }
    bool interruptRequested() const {
        return interruptFlag_ && __atomic_load_n(interruptFlag_, __ATOMIC_ACQUIRE) != 0;
    }

private:
    void addStdio(int hostFd, Stream captured, uint64_t capturedRights);

    WasiConfig config_;
    std::vector<std::unique_ptr<Descriptor>> table_;  // null: free; pointers stay put while it grows
    std::string stdout_;
    std::string stderr_;
    size_t stdinOffset_ = 0;
    const volatile uint32_t* interruptFlag_ = nullptr;
};

}  // namespace faaslet::wasi

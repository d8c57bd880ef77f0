// WasiContext::checkpoint and WasiContext::restore: the WASI half of a Faaslet's reset.

#include <fcntl.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "wasi/context.h"
#include "wasi/host_file.h"

namespace faaslet::wasi {

uint64_t Descriptor::nextId() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {

// A copy of `d`'s attributes owning a duplicate of its host descriptor (if it owns one).
Expected<Descriptor, std::string> duplicate(const Descriptor& d) {
    Descriptor copy;
    copy.id = d.id;
    copy.stream = d.stream;
    copy.type = d.type;
    copy.flags = d.flags;
    copy.rightsBase = d.rightsBase;
    copy.rightsInheriting = d.rightsInheriting;
    copy.preopenPath = d.preopenPath;
    copy.hostFd = d.hostFd;
    if (d.owned.valid()) {
        copy.owned = UniqueFd(::fcntl(d.owned.get(), F_DUPFD_CLOEXEC, 0));
        if (!copy.owned.valid())
            return std::string("cannot duplicate a descriptor for a checkpoint: ") + std::strerror(errno);
        copy.hostFd = copy.owned.get();
    }
    return copy;
}

}  // namespace

Expected<WasiCheckpoint, std::string> WasiContext::checkpoint() const {
    WasiCheckpoint checkpoint;
    for (uint32_t fd = 0; fd < table_.size(); ++fd) {
        if (!table_[fd]) continue;
        auto saved = duplicate(*table_[fd]);
        if (!saved) return saved.error();
        checkpoint.entries_.push_back({fd, table_[fd]->id, std::move(*saved)});
    }
    return checkpoint;
}

StatusOf<std::string> WasiContext::restore(const WasiCheckpoint& checkpoint, std::string stdinData) {
    // Descriptors the checkpoint knows and that are still where it saw them stay open (the usual
    // case: no system call); everything else in the table is closed.
    std::vector<std::unique_ptr<Descriptor>> kept(table_.size());
    for (const WasiCheckpoint::Entry& entry : checkpoint.entries_) {
        if (entry.fd < table_.size() && table_[entry.fd] && table_[entry.fd]->id == entry.id)
            kept[entry.fd] = std::move(table_[entry.fd]);
    }
    table_.clear();
    for (const WasiCheckpoint::Entry& entry : checkpoint.entries_) {
        if (table_.size() <= entry.fd) table_.resize(entry.fd + 1);
        std::unique_ptr<Descriptor>& slot = table_[entry.fd];
        if (entry.fd < kept.size() && kept[entry.fd]) {
            slot = std::move(kept[entry.fd]);
        } else {
            auto again = duplicate(entry.saved);
            if (!again) return again.error();
            slot = std::make_unique<Descriptor>(std::move(*again));
        }
        Descriptor& d = *slot;
        // What the guest may have changed on a descriptor it kept: its rights, its flags (on the
        // host description too, for host descriptors), where its listing stopped.
        d.rightsBase = entry.saved.rightsBase;
        d.rightsInheriting = entry.saved.rightsInheriting;
        if (d.flags != entry.saved.flags && d.stream == Stream::Host && d.owned.valid()) {
            const int current = ::fcntl(d.hostFd, F_GETFL);
            const int wanted = (current & ~(O_APPEND | O_NONBLOCK)) | hostFlagsFromFdflags(entry.saved.flags);
            if (current < 0 || ::fcntl(d.hostFd, F_SETFL, wanted) != 0)
                return std::string("cannot restore a descriptor's flags: ") + std::strerror(errno);
        }
        d.flags = entry.saved.flags;
        d.listingResume = {};
    }
    setStdin(std::move(stdinData));
    stdout_.clear();
    stderr_.clear();
    exitCode.reset();
    interruptFlag_ = nullptr;
    return {};
}

}  // namespace faaslet::wasi

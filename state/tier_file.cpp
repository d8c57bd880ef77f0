#include "state/tier_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace faaslet::state {

namespace {

constexpr std::string_view kMagic = "faaslet-state-1\n";

void putU64(std::string& out, uint64_t value) {
    for (int i = 0; i < 8; ++i) out.push_back(char(value >> (8 * i)));
}

void putBytes(std::string& out, const void* data, uint64_t length) {
    putU64(out, length);
    out.append(static_cast<const char*>(data), size_t(length));
}

// Reads the file's fields in order; any read past the end marks the file truncated.
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool atEnd() const { return position_ == bytes_.size(); }
    bool u64(uint64_t& value) {
        if (bytes_.size() - position_ < 8) return false;
        value = 0;
        for (int i = 0; i < 8; ++i) value |= uint64_t(uint8_t(bytes_[position_ + i])) << (8 * i);
        position_ += 8;
        return true;
    }
    template <class Bytes>
    bool bytes(Bytes& out) {
        uint64_t length = 0;
        if (!u64(length) || bytes_.size() - position_ < length) return false;
        out.assign(bytes_.begin() + position_, bytes_.begin() + position_ + length);
        position_ += length;
        return true;
    }

private:
    std::string_view bytes_;
    size_t position_ = 0;
};

}  // namespace

Expected<StoredEntries, std::string> readTierFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        if (!std::filesystem::exists(file)) return StoredEntries{};
        return "cannot read the state file " + file.string() + ": " + std::strerror(errno);
    }
    const std::string contents{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (contents.compare(0, kMagic.size(), kMagic) != 0)
        return "the state file " + file.string() + " is not a faaslet state file (its first line is wrong)";
    Reader reader(std::string_view(contents).substr(kMagic.size()));
    StoredEntries entries;
    while (!reader.atEnd()) {
        std::string key;
        uint64_t hasValue = 0;
        uint64_t appendedCount = 0;
        StoredEntry entry;
        bool ok = reader.bytes(key) && reader.u64(hasValue) && reader.bytes(entry.value) && reader.u64(appendedCount);
        entry.hasValue = hasValue != 0;
        for (uint64_t i = 0; ok && i < appendedCount; ++i) ok = reader.bytes(entry.appended.emplace_back());
        if (!ok) return "the state file " + file.string() + " is truncated (in the entry after " +
                        std::to_string(entries.size()) + " whole ones)";
        entries[key] = std::move(entry);
    }
    return entries;
}

StatusOf<std::string> writeTierFile(const std::filesystem::path& file, const StoredEntries& entries) {
    std::string out(kMagic);
    for (const auto& [key, entry] : entries) {
        putBytes(out, key.data(), key.size());
        putU64(out, entry.hasValue ? 1 : 0);
        putBytes(out, entry.value.data(), entry.value.size());
        putU64(out, entry.appended.size());
        for (const auto& appended : entry.appended) putBytes(out, appended.data(), appended.size());
    }
    const std::filesystem::path temporary = file.string() + ".writing";
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return "cannot write the state file " + temporary.string() + ": " + std::strerror(errno);
    size_t written = 0;
    while (written < out.size()) {
        const ssize_t n = write(fd, out.data() + written, out.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = errno;
            close(fd);
            return "cannot write the state file " + temporary.string() + ": " + std::strerror(error);
        }
        written += size_t(n);
    }
    // Synced before the rename, so the name never points at contents still in flight.
    const bool synced = fsync(fd) == 0;
    const int syncError = errno;
    if (close(fd) != 0 || !synced)
        return "cannot sync the state file " + temporary.string() + ": " + std::strerror(synced ? errno : syncError);
    if (rename(temporary.c_str(), file.c_str()) != 0)
        return "cannot replace the state file " + file.string() + ": " + std::strerror(errno);
    return {};
}

}  // namespace faaslet::state

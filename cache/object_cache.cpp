#include "cache/object_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cache/sha256.h"

namespace faaslet::cache {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRecordMagic = "faaslet-cache-entry";
constexpr int kFormatVersion = 1;

std::optional<std::vector<uint8_t>> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string recordText(const std::string& key, uint64_t size, const std::string& sha) {
    std::ostringstream out;
    out << kRecordMagic << ' ' << kFormatVersion << "\nkey " << key << "\nsize " << size << "\nsha256 " << sha << '\n';
    return out.str();
}

// Writes `bytes` to `target` through a temporary file in the same directory: readers see the
// whole file or none of it.
Expected<bool, std::string> writeAtomically(const fs::path& target, const void* bytes, size_t size) {
    std::string temporary = (target.parent_path() / (".tmp-" + target.filename().string() + "-XXXXXX")).string();
    int fd = mkstemp(temporary.data());
    if (fd < 0) return std::string("cannot create a file in ") + target.parent_path().string() + ": " + strerror(errno);
    const auto* p = static_cast<const char*>(bytes);
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(fd, p + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string error = std::string("cannot write ") + temporary + ": " + strerror(errno);
            ::close(fd);
            ::unlink(temporary.c_str());
            return error;
        }
        done += size_t(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::fchmod(fd, 0644);
    ::close(fd);
    if (!synced || ::rename(temporary.c_str(), target.c_str()) != 0) {
        std::string error = std::string("cannot store ") + target.string() + ": " + strerror(errno);
        ::unlink(temporary.c_str());
        return error;
    }
    return true;
}

}  // namespace

fs::path ObjectCache::defaultDirectory() {
    if (const char* dir = getenv("FAASLET_CACHE_DIR"); dir && *dir) return dir;
    if (const char* xdg = getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "faaslet";
    if (const char* home = getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "faaslet";
    return fs::temp_directory_path() / "faaslet-cache";
}

void ObjectCache::remove(const std::string& key) const {
    std::error_code ignored;
    fs::remove(recordPath(key), ignored);
    fs::remove(objectPath(key), ignored);
}

ObjectCache::Lookup ObjectCache::lookup(const std::string& key) const {
    Lookup result;
    auto record = readFile(recordPath(key));
    if (!record) return result;  // absent, or still being written
    auto object = readFile(objectPath(key));
    std::string actual;
    if (object) actual = recordText(key, object->size(), sha256Hex(*object));
    if (!object || std::string(record->begin(), record->end()) != actual) {
        result.warning = "cache entry " + key + " in " + directory_.string() +
                         (object ? " does not match its record (truncated, corrupted or foreign)"
                                 : " has no object file") +
                         "; removed, it will be rebuilt";
        remove(key);
        return result;
    }
    // The entry's use time drives least-recently-used eviction.
    std::error_code ignored;
    fs::last_write_time(recordPath(key), fs::file_time_type::clock::now(), ignored);
    result.object = objectPath(key);
    return result;
}

Expected<fs::path, std::string> ObjectCache::store(const std::string& key, const fs::path& object) const {
    std::error_code ec;
    fs::create_directories(directory_, ec);
    if (ec) return "cannot create the cache directory " + directory_.string() + ": " + ec.message();
    auto bytes = readFile(object);
    if (!bytes) return "cannot read the compiled object " + object.string();
    if (auto written = writeAtomically(objectPath(key), bytes->data(), bytes->size()); !written)
        return written.error();
    const std::string record = recordText(key, bytes->size(), sha256Hex(*bytes));
    if (auto written = writeAtomically(recordPath(key), record.data(), record.size()); !written) {
        remove(key);
        return written.error();
    }
    return objectPath(key);
}

std::vector<ObjectCache::Entry> ObjectCache::list() const {
    std::vector<Entry> entries;
    std::error_code ec;
    for (const auto& file : fs::directory_iterator(directory_, ec)) {
        if (file.path().extension() != ".entry") continue;
        Entry entry;
        entry.key = file.path().stem().string();
        std::error_code ignored;
        entry.size = fs::file_size(objectPath(entry.key), ignored);
        entry.lastUse = fs::last_write_time(file.path(), ignored);
        entries.push_back(std::move(entry));
    }
    return entries;
}

size_t ObjectCache::clear() const {
    size_t removed = 0;
    for (const auto& entry : list()) {
        remove(entry.key);
        ++removed;
    }
    return removed;
}

}  // namespace faaslet::cache

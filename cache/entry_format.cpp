#include "cache/entry_format.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "cache/trusted_directory.h"

namespace faaslet::cache {

namespace {

// Field offsets; see the layout in entry_format.h.
constexpr size_t kOffVersion = 8;
constexpr size_t kOffHeaderSize = 12;
constexpr size_t kOffKey = 16;
constexpr size_t kOffMetadataSize = 48;
constexpr size_t kOffObjectSize = 56;
constexpr size_t kOffNameSize = 64;
constexpr size_t kOffFlags = 68;
constexpr size_t kOffCreatedAt = 72;
constexpr size_t kOffPayloadDigest = 80;
constexpr size_t kOffKeyId = 112;
constexpr size_t kOffHeaderDigest = 128;
constexpr size_t kOffSeal = 160;
static_assert(kOffSeal + kDigestSize == kHeaderSize);
static_assert(kOffHeaderDigest + kDigestSize == kOffSeal);
static_assert(kOffKeyId + kKeyIdSize == kOffHeaderDigest);
static_assert(kOffPayloadDigest + kDigestSize == kOffKeyId);
static_assert(kOffKey + kDigestSize == kOffMetadataSize);

template <class T>
void put(std::vector<uint8_t>& out, size_t offset, T value) {
    for (size_t i = 0; i < sizeof(T); ++i) out[offset + i] = uint8_t(uint64_t(value) >> (8 * i));
}

template <class T>
T get(std::span<const uint8_t> in, size_t offset) {
    uint64_t value = 0;
    for (size_t i = 0; i < sizeof(T); ++i) value |= uint64_t(in[offset + i]) << (8 * i);
    return T(value);
}

Digest digestAt(std::span<const uint8_t> bytes, size_t offset) {
    Digest digest{};
    std::copy_n(bytes.begin() + offset, kDigestSize, digest.begin());
    return digest;
}

Digest sealOf(std::span<const uint8_t> header, const SealingKey& key) {
    return key.mac().update(header.first(kOffSeal)).finish();
}

EntryError error(EntryError::Kind kind, std::string message) {
    return {kind, std::move(message)};
}

// A file of the entry, on disk or in memory.
class Source {
public:
    virtual ~Source() = default;
    virtual uint64_t size() const = 0;
    // Bytes read (fewer only at the end of the file), or -errno.
    virtual int64_t read(uint64_t offset, std::span<uint8_t> out) = 0;
    // All of it, sealed (sealed_image.h).
    virtual Result<SealedImage> seal() = 0;
};

class MemorySource final : public Source {
public:
    explicit MemorySource(std::span<const uint8_t> bytes) : bytes_(bytes) {}
    uint64_t size() const override { return bytes_.size(); }
    int64_t read(uint64_t offset, std::span<uint8_t> out) override {
        if (offset >= bytes_.size()) return 0;
        size_t n = std::min<uint64_t>(out.size(), bytes_.size() - offset);
        std::memcpy(out.data(), bytes_.data() + offset, n);
        return int64_t(n);
    }
    Result<SealedImage> seal() override { return SealedImage::copyOf(bytes_); }

private:
    std::span<const uint8_t> bytes_;
};

class FileSource final : public Source {
public:
    FileSource(UniqueFd fd, uint64_t size, const char* name) : fd_(std::move(fd)), size_(size), name_(name) {}
    uint64_t size() const override { return size_; }
    int64_t read(uint64_t offset, std::span<uint8_t> out) override { return readFull(fd_.get(), out, offset); }
    Result<SealedImage> seal() override { return SealedImage::copyFrom(fd_.get(), size_, std::string("the ") + name_); }

private:
    UniqueFd fd_;
    uint64_t size_;
    const char* name_;
};

// Reads exactly out.size() bytes at `offset` of `file` (called `what` in messages).
std::optional<EntryError> readExactly(Source& file, const char* what, uint64_t offset, std::span<uint8_t> out) {
    int64_t n = file.read(offset, out);
    if (n < 0)
        return error(EntryError::Kind::Io, std::string("cannot read the ") + what + ": " + std::strerror(int(-n)));
    if (uint64_t(n) < out.size())
        return error(EntryError::Kind::Truncated, std::string("the ") + what + " ended while being read");
    return std::nullopt;
}

Expected<EntryContents, EntryError> checkEntry(Source& headerFile, Source* object, const EntryReader& reader,
                                               EntryCheck check) {
    std::vector<uint8_t> headerBytes(std::min<uint64_t>(headerFile.size(), kHeaderSize));
    if (auto failed = readExactly(headerFile, "header file", 0, headerBytes)) return *failed;
    auto header = decodeHeader(headerBytes, reader.expected, reader.key);
    if (!header) return header.error();

    const uint64_t expectedSize = header->headerFileSize();
    if (headerFile.size() < expectedSize)
        return error(EntryError::Kind::Truncated, "the header file is " + std::to_string(headerFile.size()) +
                                                      " bytes; its header promises " + std::to_string(expectedSize));
    if (headerFile.size() > expectedSize)
        return error(EntryError::Kind::Corrupted, "the header file has " +
                                                      std::to_string(headerFile.size() - expectedSize) +
                                                      " bytes after its metadata and name");
    if (!object) return error(EntryError::Kind::Truncated, "the object file is missing");
    if (object->size() < header->objectSize)
        return error(EntryError::Kind::Truncated, "the object file is " + std::to_string(object->size()) +
                                                      " bytes; the header promises " +
                                                      std::to_string(header->objectSize));
    if (object->size() > header->objectSize)
        return error(EntryError::Kind::Corrupted, "the object file has " +
                                                      std::to_string(object->size() - header->objectSize) +
                                                      " bytes more than the header promises");

    EntryContents contents;
    contents.header = *header;
    contents.name.resize(header->nameSize);
    if (auto failed =
            readExactly(headerFile, "header file", kHeaderSize + header->metadataSize,
                        std::span(reinterpret_cast<uint8_t*>(contents.name.data()), contents.name.size())))
        return *failed;
    if (check == EntryCheck::Structure) return contents;

    // Sizes are bounded by the files' real sizes by now, so these allocations are too.
    contents.metadata.resize(header->metadataSize);
    if (auto failed = readExactly(headerFile, "header file", kHeaderSize, contents.metadata)) return *failed;
    auto sealed = object->seal();
    if (!sealed) {
        const auto kind = sealed.error().kind == Error::Kind::Damaged ? EntryError::Kind::Corrupted
                                                                           : EntryError::Kind::Io;
        return error(kind, sealed.error().message);
    }
    PayloadDigest digest(contents.metadata, contents.name);
    digest.addObject(sealed->bytes());
    if (!digestsEqual(digest.finish(), header->payloadDigest))
        return error(EntryError::Kind::Corrupted,
                     "the payload checksum does not match (metadata, name or object changed since it was sealed)");
    if (reader.policy) {
        if (auto refused = reader.policy(sealed->bytes()))
            return error(EntryError::Kind::Rejected, "its object must not be loaded: " + *refused);
    }
    contents.object = std::move(*sealed);
    return contents;
}

// Opens `name` in the entry's directory as a Source; null when it does not exist. Only a regular
// file of this user (or root) that no one else may write is read.
Expected<std::unique_ptr<Source>, EntryError> openInDirectory(int directoryFd, const char* name) {
    UniqueFd fd(::openat(directoryFd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!fd.valid()) {
        if (errno == ENOENT) return std::unique_ptr<Source>();
        if (errno == ELOOP) return error(EntryError::Kind::Untrusted, std::string(name) + " is a symbolic link");
        return error(EntryError::Kind::Io, std::string("cannot open ") + name + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return error(EntryError::Kind::Io, std::string("cannot stat ") + name + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return error(EntryError::Kind::Foreign, std::string(name) + " is not a regular file");
    if (auto why = untrustedReason(st, name, TrustRule::Private)) return error(EntryError::Kind::Untrusted, *why);
    return std::unique_ptr<Source>(std::make_unique<FileSource>(std::move(fd), uint64_t(st.st_size), name));
}

}  // namespace

const char* toString(EntryError::Kind kind) {
    switch (kind) {
        case EntryError::Kind::Truncated: return "truncated";
        case EntryError::Kind::Corrupted: return "corrupted";
        case EntryError::Kind::Foreign: return "foreign";
        case EntryError::Kind::VersionMismatch: return "version mismatch";
        case EntryError::Kind::KeyMismatch: return "key mismatch";
        case EntryError::Kind::Forged: return "forged";
        case EntryError::Kind::Untrusted: return "untrusted";
        case EntryError::Kind::Rejected: return "rejected";
        case EntryError::Kind::Io: return "unreadable";
    }
    return "?";
}

std::string EntryError::toString() const {
    return std::string(cache::toString(kind)) + ": " + message;
}

PayloadDigest::PayloadDigest(std::span<const uint8_t> metadata, std::string_view name) {
    hash_.update(metadata);
    hash_.update(name);
}

std::vector<uint8_t> encodeHeaderFile(const EntryHeader& header, std::span<const uint8_t> metadata,
                                      std::string_view name, const SealingKey& key) {
    std::vector<uint8_t> out(kHeaderSize);
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    put<uint32_t>(out, kOffVersion, kFormatVersion);
    put<uint32_t>(out, kOffHeaderSize, kHeaderSize);
    std::copy(header.key.digest().begin(), header.key.digest().end(), out.begin() + kOffKey);
    put<uint64_t>(out, kOffMetadataSize, metadata.size());
    put<uint64_t>(out, kOffObjectSize, header.objectSize);
    put<uint32_t>(out, kOffNameSize, name.size());
    put<uint32_t>(out, kOffFlags, 0);
    put<uint64_t>(out, kOffCreatedAt, header.createdAt);
    std::copy(header.payloadDigest.begin(), header.payloadDigest.end(), out.begin() + kOffPayloadDigest);
    std::copy(key.id().begin(), key.id().end(), out.begin() + kOffKeyId);
    const Digest headerDigest = sha256(std::span(out.data(), kOffHeaderDigest));
    std::copy(headerDigest.begin(), headerDigest.end(), out.begin() + kOffHeaderDigest);
    const Digest seal = sealOf(out, key);
    std::copy(seal.begin(), seal.end(), out.begin() + kOffSeal);
    out.insert(out.end(), metadata.begin(), metadata.end());
    out.insert(out.end(), name.begin(), name.end());
    return out;
}

Expected<EntryHeader, EntryError> decodeHeader(std::span<const uint8_t> bytes, const CacheKey& expected,
                                               const SealingKey& key) {
    using Kind = EntryError::Kind;
    const size_t magicBytes = std::min(bytes.size(), sizeof kMagic);
    if (magicBytes > 0 && std::memcmp(bytes.data(), kMagic, magicBytes) != 0)
        return error(Kind::Foreign, "no faaslet cache magic at the start of the header file");
    if (bytes.size() < kOffHeaderSize)
        return error(Kind::Truncated, "the header file is " + std::to_string(bytes.size()) + " bytes");
    if (uint32_t version = get<uint32_t>(bytes, kOffVersion); version != kFormatVersion)
        return error(Kind::VersionMismatch, "entry format version " + std::to_string(version) +
                                                ", this build reads version " + std::to_string(kFormatVersion));
    if (bytes.size() < kHeaderSize)
        return error(Kind::Truncated, "the header file is " + std::to_string(bytes.size()) + " bytes; a header is " +
                                          std::to_string(kHeaderSize));
    if (uint32_t size = get<uint32_t>(bytes, kOffHeaderSize); size != kHeaderSize)
        return error(Kind::Corrupted, "header size " + std::to_string(size) + ", expected " + std::to_string(kHeaderSize));
    if (!digestsEqual(sha256(bytes.first(kOffHeaderDigest)), digestAt(bytes, kOffHeaderDigest)))
        return error(Kind::Corrupted, "the header checksum does not match");
    // The checksums hold, so the bytes are as some writer meant them; the seal says whether that
    // writer had this user's key.
    if (!std::equal(key.id().begin(), key.id().end(), bytes.begin() + kOffKeyId))
        return error(Kind::Forged,
                     "it is sealed with another key than this user's (another user's entry, or one made before "
                     "the sealing key was replaced)");
    if (!digestsEqual(sealOf(bytes, key), digestAt(bytes, kOffSeal)))
        return error(Kind::Forged,
                     "its seal does not match: it was written or changed by someone without this user's sealing key");

    EntryHeader header;
    header.key = CacheKey(digestAt(bytes, kOffKey));
    header.metadataSize = get<uint64_t>(bytes, kOffMetadataSize);
    header.objectSize = get<uint64_t>(bytes, kOffObjectSize);
    header.nameSize = get<uint32_t>(bytes, kOffNameSize);
    header.createdAt = get<uint64_t>(bytes, kOffCreatedAt);
    header.payloadDigest = digestAt(bytes, kOffPayloadDigest);
    std::copy_n(bytes.begin() + kOffKeyId, kKeyIdSize, header.sealingKeyId.begin());

    // A sealed header with impossible fields was written by a broken writer: still damage,
    // reported as such rather than trusted.
    if (get<uint32_t>(bytes, kOffFlags) != 0) return error(Kind::Corrupted, "unknown header flags");
    if (header.nameSize > kMaxNameSize) return error(Kind::Corrupted, "name size beyond the limit");
    if (header.metadataSize > (uint64_t(1) << 62) || header.objectSize > (uint64_t(1) << 62))
        return error(Kind::Corrupted, "impossible blob sizes");
    if (header.key != expected)
        return error(Kind::KeyMismatch, "the entry is for key " + header.key.hex() + ", not " + expected.hex());
    return header;
}

Expected<UniqueFd, EntryError> openEntryDirectory(int entriesFd, const std::string& name) {
    UniqueFd fd(::openat(entriesFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) {
        const int err = errno;
        if (err == ENOENT) return UniqueFd();
        struct stat st {};
        if ((err == ELOOP || err == ENOTDIR) && ::fstatat(entriesFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            if (S_ISLNK(st.st_mode)) return error(EntryError::Kind::Untrusted, "the entry is a symbolic link");
            return error(EntryError::Kind::Foreign, "not a directory");
        }
        if (err == ELOOP || err == ENOTDIR) return UniqueFd();  // gone meanwhile
        return error(EntryError::Kind::Io, std::string("cannot open the entry: ") + std::strerror(err));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return error(EntryError::Kind::Io, std::string("cannot examine the entry: ") + std::strerror(errno));
    if (auto why = untrustedReason(st, "the entry directory", TrustRule::Private))
        return error(EntryError::Kind::Untrusted, *why);
    return fd;
}

Expected<EntryContents, EntryError> readEntry(int directoryFd, const EntryReader& reader, EntryCheck check) {
    auto headerFile = openInDirectory(directoryFd, kHeaderFileName);
    if (!headerFile) return headerFile.error();
    if (!*headerFile) return error(EntryError::Kind::Truncated, "the header file is missing");
    auto object = openInDirectory(directoryFd, kObjectFileName);
    if (!object) return object.error();
    return checkEntry(**headerFile, object->get(), reader, check);
}

Expected<EntryContents, EntryError> decodeEntry(std::span<const uint8_t> headerFile, std::span<const uint8_t> object,
                                                const EntryReader& reader, EntryCheck check) {
    MemorySource header(headerFile), objectSource(object);
    return checkEntry(header, &objectSource, reader, check);
}

}  // namespace faaslet::cache

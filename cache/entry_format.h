#pragma once
// One cache entry on disk. An entry is a directory named by its key holding two files:
//
//   KEY/entry      header, then the metadata blob, then the entry's name
//   KEY/object.so  the object blob: the shared object
//
// Both are written into a temporary directory that is renamed to KEY in one step, so readers see
// a whole entry or none. A reader opens the directory and both files once, by descriptor, checks
// their owner and modes on those descriptors, and copies the object into a sealed memfd
// (sealed_image.h); every check of the object is made on that copy, which is what gets loaded.
//
// Header (little-endian, kHeaderSize bytes):
//     0  magic "FSLTCACH"
//     8  u32 format version (kFormatVersion)
//    12  u32 header size (kHeaderSize)
//    16  key (32 bytes)
//    48  u64 metadata size
//    56  u64 object size
//    64  u32 name size (at most kMaxNameSize)
//    68  u32 flags (0)
//    72  u64 creation time, seconds since the epoch
//    80  payload digest: SHA-256 of metadata, name and object, in that order (32 bytes)
//   112  id of the sealing key (16 bytes, sealing_key.h)
//   128  header digest: SHA-256 of bytes [0, 128) (32 bytes)
//   160  seal: HMAC-SHA256 with the user's sealing key of bytes [0, 160) (32 bytes)
//
// The digests tell accidental damage (a torn write, a flipped bit) from forgery: anyone who can
// write an entry can recompute them, but not the seal, and the seal covers the payload digest.
// Reading checks, in order: magic, format version, header size and digest, the seal (Forged:
// another key's id, or a seal that does not match), key, the size of each file against the
// header, then (for a full check) the payload digest over the sealed copy and the caller's policy
// for objects (elf_policy.h). Every failure is an EntryError of a precise kind; nothing is
// returned from an entry that fails any check.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/cache_key.h"
#include "cache/file_io.h"
#include "cache/hash.h"
#include "cache/sealed_image.h"
#include "cache/sealing_key.h"
#include "common/expected.h"

namespace faaslet::cache {

inline constexpr char kHeaderFileName[] = "entry";
inline constexpr char kObjectFileName[] = "object.so";

inline constexpr char kMagic[8] = {'F', 'S', 'L', 'T', 'C', 'A', 'C', 'H'};
inline constexpr uint32_t kFormatVersion = 2;
inline constexpr size_t kHeaderSize = 192;
inline constexpr size_t kMaxNameSize = 4096;

struct EntryError {
    enum class Kind : uint8_t {
        Truncated,        // a file is shorter than its header says, or missing
        Corrupted,        // a checksum does not match, or a file is longer than its header says
        Foreign,          // not a faaslet cache entry (no magic)
        VersionMismatch,  // a faaslet entry of another format version
        KeyMismatch,      // a sound entry, but for another key than its directory's name
        Forged,           // its seal is not this user's key's: someone without the key wrote it
        Untrusted,        // a link, or a file or directory another user owns or may write
        Rejected,         // sealed, but its object fails the loading policy (elf_policy.h)
        Io,               // the entry could not be read (permissions, I/O error): not damage
    };
    Kind kind = Kind::Corrupted;
    std::string message;

    // Damage is evidence the entry is bad; an Io error says nothing about the entry itself.
    bool isDamage() const { return kind != Kind::Io; }
    // Evidence that someone other than faaslet, for this user, wrote or placed it.
    bool isForgery() const { return kind == Kind::Forged || kind == Kind::Untrusted; }
    std::string toString() const;
};

const char* toString(EntryError::Kind kind);

struct EntryHeader {
    CacheKey key;
    uint64_t metadataSize = 0;
    uint64_t objectSize = 0;
    uint32_t nameSize = 0;
    uint64_t createdAt = 0;  // seconds since the epoch
    Digest payloadDigest{};
    KeyId sealingKeyId{};

    uint64_t headerFileSize() const { return kHeaderSize + metadataSize + nameSize; }
};

// Hashes the payload as the header's payload digest covers it: metadata, name, then the object
// (in as many chunks as the writer has).
class PayloadDigest {
public:
    PayloadDigest(std::span<const uint8_t> metadata, std::string_view name);
    void addObject(std::span<const uint8_t> chunk) { hash_.update(chunk); }
    Digest finish() { return hash_.finish(); }

private:
    Sha256 hash_;
};

// The header file's bytes: the header (its digests and seal computed here with `key`, whose id it
// records), the metadata, the name. `header`'s sizes must match `metadata` and `name`.
std::vector<uint8_t> encodeHeaderFile(const EntryHeader& header, std::span<const uint8_t> metadata,
                                      std::string_view name, const SealingKey& key);

// Parses and checks the header at the start of `bytes` (which may be shorter than a header: a
// truncated file). Checks everything the header alone can tell, its seal under `key` included,
// and that it is `expected`'s.
Expected<EntryHeader, EntryError> decodeHeader(std::span<const uint8_t> bytes, const CacheKey& expected,
                                               const SealingKey& key);

// What the cache asks of an object before handing it out: nullopt, or why it must not be loaded.
// The faaslet command passes elfPolicyViolation (elf_policy.h); the cache itself treats objects as
// opaque bytes.
using ObjectPolicy = std::function<std::optional<std::string>(std::span<const uint8_t> object)>;

struct EntryContents {
    EntryHeader header;
    std::vector<uint8_t> metadata;  // empty after a Structure check
    std::string name;
    SealedImage object;             // the checked object, after a Full check
};

enum class EntryCheck : uint8_t {
    Structure,  // header and seal, sizes of both files, the name; reads neither the metadata nor the object
    Full,       // also the payload digest and the policy over the sealed copy of the object
};

struct EntryReader {
    const CacheKey& expected;
    const SealingKey& key;
    const ObjectPolicy& policy;
};

// The entry directory `name` in the entries folder `entriesFd`, opened without following a link
// and checked as private (trusted_directory.h). An invalid UniqueFd when nothing is there.
Expected<UniqueFd, EntryError> openEntryDirectory(int entriesFd, const std::string& name);

// The entry whose directory is open as `directoryFd`.
Expected<EntryContents, EntryError> readEntry(int directoryFd, const EntryReader& reader, EntryCheck check);
// The same checks on the two files' bytes in memory.
Expected<EntryContents, EntryError> decodeEntry(std::span<const uint8_t> headerFile,
                                                std::span<const uint8_t> object, const EntryReader& reader,
                                                EntryCheck check = EntryCheck::Full);

}  // namespace faaslet::cache

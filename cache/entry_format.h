#pragma once
// One cache entry on disk. An entry is a directory named by its key holding two files:
//
//   KEY/entry      header, then the metadata blob, then the entry's name
//   KEY/object.so  the object blob: the shared object itself, mapped by dlopen where it lies
//
// The object stays a file of its own because dlopen needs an ELF image at offset 0 of a file;
// keeping it apart from the header means loading never copies it. Both files are written into a
// temporary directory that is renamed to KEY in one step, so readers see a whole entry or none.
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
//   112  header digest: SHA-256 of bytes [0, 112) (32 bytes)
//
// Reading checks, in order: magic, format version, header size and digest, key, the size of each
// file against the header, then (for a full check) the payload digest. Every failure is an
// EntryError of a precise kind; nothing is returned from an entry that fails any check.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/cache_key.h"
#include "cache/hash.h"
#include "common/expected.h"

namespace faaslet::cache {

inline constexpr char kHeaderFileName[] = "entry";
inline constexpr char kObjectFileName[] = "object.so";

inline constexpr char kMagic[8] = {'F', 'S', 'L', 'T', 'C', 'A', 'C', 'H'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kHeaderSize = 144;
inline constexpr size_t kMaxNameSize = 4096;

struct EntryError {
    enum class Kind : uint8_t {
        Truncated,        // a file is shorter than its header says, or missing
        Corrupted,        // a checksum does not match, or a file is longer than its header says
        Foreign,          // not a faaslet cache entry (no magic)
        VersionMismatch,  // a faaslet entry of another format version
        KeyMismatch,      // a sound entry, but for another key than its directory's name
        Io,               // the entry could not be read (permissions, I/O error): not damage
    };
    Kind kind = Kind::Corrupted;
    std::string message;

    // Damage is evidence the entry is bad; an Io error says nothing about the entry itself.
    bool isDamage() const { return kind != Kind::Io; }
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

// The header file's bytes: the header (its digest computed here), the metadata, the name.
// `header`'s sizes must match `metadata` and `name`.
std::vector<uint8_t> encodeHeaderFile(const EntryHeader& header, std::span<const uint8_t> metadata,
                                      std::string_view name);

// Parses and checks the header at the start of `bytes` (which may be shorter than a header: a
// truncated file). Checks everything the header alone can tell, including that it is `expected`'s.
Expected<EntryHeader, EntryError> decodeHeader(std::span<const uint8_t> bytes, const CacheKey& expected);

struct EntryContents {
    EntryHeader header;
    std::vector<uint8_t> metadata;  // empty after a Structure check
    std::string name;
};

enum class EntryCheck : uint8_t {
    Structure,  // header, sizes of both files, the name; reads neither the metadata nor the object
    Full,       // also the payload digest over metadata, name and object; returns the metadata
};

// The entry whose directory is open as `directoryFd`.
Expected<EntryContents, EntryError> readEntry(int directoryFd, const CacheKey& expected, EntryCheck check);
// The same checks on the two files' bytes in memory.
Expected<EntryContents, EntryError> decodeEntry(std::span<const uint8_t> headerFile,
                                                std::span<const uint8_t> object, const CacheKey& expected,
                                                EntryCheck check = EntryCheck::Full);

}  // namespace faaslet::cache

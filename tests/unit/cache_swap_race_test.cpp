// The rename race of the old cache, driven for a bounded number of rounds: while one thread looks
// up and loads an entry, another keeps swapping in the attacker's bytes by rename — the entry
// directory for a forged one (re-sealed with plain SHA-256), the object file inside the entry for
// another object, and the whole cache directory for one sealed with another key. The bytes a hit
// hands out are the ones checked, so a lookup either loads the genuine object or misses; it never
// loads the attacker's, which would answer 666.

#include <dlfcn.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdio.h>

#include <atomic>
#include <thread>

#include "cache/elf_policy.h"
#include "cache/object_cache.h"
#include "tests/unit/cache_test_support.h"
#include "tests/unit/host_shared_object.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;

constexpr int kLookups = 1500;
// The swapper stops when the reader is done, and in any case after this many rounds.
constexpr int kMaxSwapRounds = 100000;

// Exchanges two names atomically (renameat2 RENAME_EXCHANGE); false if either is missing.
bool exchange(const fs::path& a, const fs::path& b) {
    return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

// Puts a copy of `from` at `to` if nothing is there, in one rename so no one sees half of it.
void plant(const fs::path& from, const fs::path& to, const fs::path& scratch) {
    if (fs::exists(fs::symlink_status(to))) return;
    std::error_code ignored;
    fs::remove_all(scratch, ignored);
    fs::copy(from, scratch, fs::copy_options::recursive, ignored);
    fs::rename(scratch, to, ignored);
}

int32_t callUnrelatedFunction(const SealedImage& object) {
    void* handle = dlopen(object.loadPath().c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) return -1;
    auto function = reinterpret_cast<int32_t (*)(int32_t)>(dlsym(handle, "unrelated_function"));
    const int32_t result = function ? function(41) : -2;
    dlclose(handle);
    return result;
}

TEST(CacheSwapRace, SwappedDirectoriesAndFilesNeverLoadTheAttackersObject) {
    TempDir temp;
    const fs::path root = temp / "cache";
    const ObjectCache cache(root, testKey(1), elfPolicyViolation);
    const CacheKey key = keyNumber(30);
    // The genuine object answers 42; the attacker's, which passes the ELF policy just as well, 666.
    const auto genuine = readBytes(fs::path(FAASLET_RUNTIME_FIXTURE_DIR) / "not_faaslet_fixture.so");
    const auto evil = readBytes(faaslet::test::buildHostSharedObject(
        temp.path(), "evil", "int unrelated_function(int x) { return 666; }\n",
        "-nostdlib -fuse-ld=lld -Wl,-z,now -Wl,-z,noexecstack -fno-asynchronous-unwind-tables -Wl,--build-id=none"));
    ASSERT_EQ(elfPolicyViolation(evil), std::nullopt) << "the attacker's object must pass the policy";
    ASSERT_TRUE(cache.store(key, {}, genuine).ok());
    {
        auto found = cache.lookup(key);
        ASSERT_TRUE(found.hit);
        ASSERT_EQ(callUnrelatedFunction(found.hit->object), 42);
    }

    // The attacker's material: a copy of the sound entry with the evil object, re-sealed with plain
    // SHA-256; the evil object file alone; a whole cache sealed with another user's key.
    const fs::path entry = cache.entryDirectory(key);
    const fs::path templates = temp / "templates";
    fs::create_directories(templates);
    fs::copy(entry, templates / "genuine-entry");
    fs::copy(entry, templates / "forged-entry");
    writeBytes(templates / "forged-entry" / kObjectFileName, evil);
    resealWithSha256(templates / "forged-entry" / kHeaderFileName, templates / "forged-entry" / kObjectFileName);
    writeBytes(templates / "evil-object", evil);
    ASSERT_TRUE(testCache(templates / "other-users-cache", 2).store(key, {}, evil).ok());

    const fs::path forgedEntry = cache.layout().entries() / "zz-forged";
    const fs::path spareObject = entry / "spare";
    const fs::path otherRoot = temp / "other-users-cache";
    const fs::path otherEntry = otherRoot / cache.layout().entriesName() / key.hex();

    std::atomic<bool> done{false};
    std::atomic<long> exchanges{0};
    auto replant = [&] {
        plant(templates / "genuine-entry", entry, temp / "scratch");
        plant(templates / "forged-entry", forgedEntry, temp / "scratch");
        plant(templates / "other-users-cache", otherRoot, temp / "scratch");
        plant(templates / "other-users-cache" / cache.layout().entriesName() / key.hex(), otherEntry,
              temp / "scratch");
        std::error_code ignored;
        fs::copy_file(templates / "evil-object", spareObject, fs::copy_options::overwrite_existing, ignored);
    };
    std::thread swapper([&] {
        const std::pair<fs::path, fs::path> swaps[] = {
            {entry, forgedEntry}, {entry / kObjectFileName, spareObject}, {root, otherRoot}};
        replant();
        for (int round = 0; round < kMaxSwapRounds && !done; ++round) {
            const auto& [a, b] = swaps[round % 3];
            // Swapped in and straight back; when a lookup has removed one side (as damage), it is
            // planted again.
            if (!exchange(a, b)) {
                replant();
                continue;
            }
            ++exchanges;
            if (!exchange(a, b)) replant();
        }
    });
    while (exchanges == 0 && !done) std::this_thread::yield();

    int hits = 0, forged = 0, refused = 0;
    for (int i = 0; i < kLookups; ++i) {
        auto found = cache.lookup(key);
        if (found.hit) {
            ++hits;
            ASSERT_TRUE(std::equal(found.hit->object.bytes().begin(), found.hit->object.bytes().end(),
                                   genuine.begin(), genuine.end()))
                << "lookup " << i << " handed out bytes that are not the genuine object";
            ASSERT_EQ(callUnrelatedFunction(found.hit->object), 42) << "lookup " << i;
        } else if (found.warning && found.warning->problem) {
            ++(found.warning->problem->isForgery() ? forged : refused);
        }
    }
    done = true;
    swapper.join();
    EXPECT_GT(exchanges.load(), 0);
    std::printf("swap race: %d lookups, %ld exchanges; %d hits (all genuine), %d forged, %d otherwise refused, %d "
                "misses\n",
                kLookups, exchanges.load(), hits, forged, refused, kLookups - hits - forged - refused);

    // Afterwards the genuine entry is served again.
    plant(templates / "genuine-entry", entry, temp / "scratch");
    auto found = cache.lookup(key);
    if (!found.hit) {
        ASSERT_TRUE(cache.store(key, {}, genuine).ok());
        found = cache.lookup(key);
    }
    ASSERT_TRUE(found.hit);
    EXPECT_EQ(callUnrelatedFunction(found.hit->object), 42);
}

}  // namespace
}  // namespace faaslet::cache::test

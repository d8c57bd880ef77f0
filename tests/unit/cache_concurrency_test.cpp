// Several processes at one cache directory: concurrent stores of one key leave exactly one sound
// entry, and readers racing writers and a clearer see whole entries or misses, never damage.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "cache/object_cache.h"
#include "tests/unit/cache_test_support.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;

constexpr size_t kObjectSize = 256 * 1024;

std::vector<uint8_t> writerMetadata(int writer) {
    return bytesOf("writer " + std::to_string(writer));
}
std::vector<uint8_t> writerObject(int writer) {
    return pattern(kObjectSize, uint32_t(writer));
}

// Starts one child per function, all released at once; returns their exit codes.
std::vector<int> runTogether(const std::vector<std::function<int()>>& bodies) {
    int gate[2];
    if (pipe(gate) != 0) throw std::runtime_error("pipe failed");
    std::vector<pid_t> children;
    for (const auto& body : bodies) {
        pid_t child = fork();
        if (child < 0) throw std::runtime_error("fork failed");
        if (child == 0) {
            close(gate[1]);
            char byte;
            (void)!read(gate[0], &byte, 1);  // returns when the parent closes its end
            int code = 99;
            try {
                code = body();
            } catch (...) {
            }
            _exit(code);
        }
        children.push_back(child);
    }
    close(gate[0]);
    close(gate[1]);
    std::vector<int> codes;
    for (pid_t child : children) {
        int status = 0;
        waitpid(child, &status, 0);
        codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status));
    }
    return codes;
}

size_t namesIn(const fs::path& directory) {
    size_t names = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(directory)) ++names;
    return names;
}

TEST(CacheConcurrency, ForkedWritersOfOneKeyLeaveOneSoundEntry) {
    TempDir temp;
    const ObjectCache cache = testCache(temp.path() / "cache");
    constexpr int kWriters = 4;
    for (uint32_t round = 0; round < 8; ++round) {
        const CacheKey key = keyNumber(1000 + round);
        std::vector<std::function<int()>> writers;
        for (int w = 0; w < kWriters; ++w) {
            writers.push_back([&cache, key, w] {
                // Every writer has its own object, as a nondeterministic compiler might produce.
                auto stored = cache.store(key, writerMetadata(w), writerObject(w));
                if (!stored.ok()) return 1;
                return stored->outcome == StoreResult::Outcome::Stored           ? 0
                       : stored->outcome == StoreResult::Outcome::AlreadyPresent ? 2
                                                                                 : 3;
            });
        }
        auto codes = runTogether(writers);
        EXPECT_EQ(std::count(codes.begin(), codes.end(), 0), 1)
            << "round " << round << ": one writer publishes";
        EXPECT_EQ(std::count(codes.begin(), codes.end(), 2), kWriters - 1) << "round " << round;

        auto found = cache.lookup(key);
        ASSERT_TRUE(found.hit) << "round " << round;
        EXPECT_FALSE(found.warning);
        // Metadata and object come from the same writer: entries are never mixed.
        const std::string who(found.hit->metadata.begin(), found.hit->metadata.end());
        ASSERT_EQ(who.rfind("writer ", 0), 0u);
        const int winner = std::stoi(who.substr(7));
        EXPECT_EQ(readBytes(found.hit->objectPath), writerObject(winner)) << "round " << round;
    }
    EXPECT_EQ(namesIn(cache.layout().entries()), 8u) << "one directory per key, nothing left over";
}

TEST(CacheConcurrency, ReadersRacingWritersAndAClearerSeeWholeEntriesOrMisses) {
    TempDir temp;
    const ObjectCache cache = testCache(temp.path() / "cache");
    const CacheKey key = keyNumber(2000);
    constexpr int kIterations = 150;
    std::vector<std::function<int()>> bodies;
    for (int w = 0; w < 2; ++w) {
        bodies.push_back([&cache, key, w] {
            for (int i = 0; i < kIterations; ++i) (void)cache.store(key, writerMetadata(w), writerObject(w));
            return 0;
        });
    }
    bodies.push_back([&cache] {
        for (int i = 0; i < kIterations; ++i) (void)cache.clear();
        return 0;
    });
    for (int r = 0; r < 2; ++r) {
        bodies.push_back([&cache, key] {
            for (int i = 0; i < 4 * kIterations; ++i) {
                auto found = cache.lookup(key);
                if (found.warning) return 10;  // a whole entry never looks damaged
                if (!found.hit) continue;
                const std::string who(found.hit->metadata.begin(), found.hit->metadata.end());
                if (who != "writer 0" && who != "writer 1") return 11;
            }
            return 0;
        });
    }
    auto codes = runTogether(bodies);
    for (size_t i = 0; i < codes.size(); ++i) EXPECT_EQ(codes[i], 0) << "child " << i;

    // Whatever the race left is sound, and nothing half-written remains.
    auto report = cache.verify();
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->problems.empty());
    EXPECT_LE(namesIn(cache.layout().entries()), 1u);
}

}  // namespace
}  // namespace faaslet::cache::test

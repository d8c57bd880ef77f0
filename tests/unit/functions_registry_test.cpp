#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "functions/data_directory.h"
#include "functions/registry.h"
#include "module_builder.h"
#include "tests/support/temp_dir.h"

namespace faaslet::functions {
namespace {

namespace fs = std::filesystem;
using test::Code;
using test::ModuleBuilder;
using wasm::Opcode;
using wasm::ValType;

class Quiet : public loader::Listener {
public:
    void note(const std::string&) override {}
};

// A module of `pages` initial memory pages exporting `run` () -> i32 returning `answer`: the
// answer tells versions apart.
std::vector<uint8_t> moduleReturning(int32_t answer, uint32_t pages = 1) {
    ModuleBuilder b;
    const uint32_t type = b.type({}, {ValType::I32});
    const uint32_t fn = b.func(type, Code().i32Const(answer).end());
    b.memory(pages);
    b.exportItem("run", wasm::ExternKind::Func, fn);
    return b.build();
}

class RegistryTest : public ::testing::Test {
protected:
    Registry open() {
        loader::LoadOptions load;
        load.cacheDirectory = temp / "cache";
        auto registry = Registry::open(temp / "data", load);
        if (!registry) throw std::runtime_error(registry.error().message);
        return std::move(*registry);
    }
    FunctionName name(const std::string& text) { return *parseFunctionName(text); }

    test::TempDir temp;
    Quiet quiet;
};

TEST_F(RegistryTest, AddsAndDescribesAFunction) {
    Registry registry = open();
    Settings settings;
    settings.timeout = std::chrono::milliseconds(2000);
    settings.initExport = "run";
    auto added = registry.add(name("alice/answer"), moduleReturning(42), settings, quiet);
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_FALSE(added->replaced);
    EXPECT_FALSE(added->loaded.cacheHit);
    EXPECT_EQ(added->record.cacheKey, added->loaded.key);
    EXPECT_EQ(added->record.sha256.size(), 64u);

    auto info = registry.info(name("alice/answer"));
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->name.toString(), "alice/answer");
    EXPECT_EQ(info->settings, settings);
    EXPECT_EQ(info->wasmBytes, moduleReturning(42).size());
    EXPECT_EQ(info->sha256, added->record.sha256);
    EXPECT_EQ(info->version, added->record.version);

    auto version = registry.lookup(name("alice/answer"));
    ASSERT_TRUE(version) << version.error().message;
    EXPECT_EQ((*version)->wasm, moduleReturning(42));
    // While the version stays current, lookups share one object.
    EXPECT_EQ(registry.lookup(name("alice/answer"))->get(), version->get());

    auto listed = registry.list();
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].name.toString(), "alice/answer");
}

TEST_F(RegistryTest, ListsSortedByName) {
    Registry registry = open();
    // Users named like the registry's own files are users like any other.
    for (const char* n : {"bob/z", "alice/b", "alice/a", ".staging/x", ".lock/y"})
        ASSERT_TRUE(registry.add(name(n), moduleReturning(1), {}, quiet));
    auto listed = registry.list();
    ASSERT_TRUE(listed);
    std::vector<std::string> names;
    for (const auto& r : *listed) names.push_back(r.name.toString());
    EXPECT_EQ(names, (std::vector<std::string>{".lock/y", ".staging/x", "alice/a", "alice/b", "bob/z"}));
}

TEST_F(RegistryTest, AReaderKeepsTheOldVersionWhileAWriterReplacesIt) {
    Registry registry = open();
    ASSERT_TRUE(registry.add(name("alice/fn"), moduleReturning(1), {}, quiet));
    auto old = registry.lookup(name("alice/fn"));
    ASSERT_TRUE(old);
    const std::string oldVersion = (*old)->record.version;

    Settings newer;
    newer.maxFaaslets = 2;
    auto replaced = registry.add(name("alice/fn"), moduleReturning(2), newer, quiet);
    ASSERT_TRUE(replaced) << replaced.error().message;
    EXPECT_TRUE(replaced->replaced);

    // The holder's version is untouched, though its files are gone from disk.
    EXPECT_EQ((*old)->wasm, moduleReturning(1));
    EXPECT_EQ((*old)->record.version, oldVersion);
    EXPECT_EQ((*old)->record.settings, Settings{});
    EXPECT_FALSE(fs::exists(temp / "data/functions/alice/fn/versions" / oldVersion));
    // New lookups get the new one.
    auto fresh = registry.lookup(name("alice/fn"));
    ASSERT_TRUE(fresh);
    EXPECT_EQ((*fresh)->wasm, moduleReturning(2));
    EXPECT_EQ((*fresh)->record.settings, newer);
    EXPECT_NE(fresh->get(), old->get());
}

TEST_F(RegistryTest, LookupsDuringReplacementsSeeOneWholeVersion) {
    Registry writer = open();
    Registry reader = open();  // no shared memo: every lookup of a new version reads the disk
    Settings first;
    first.maxFaaslets = 1;
    ASSERT_TRUE(writer.add(name("alice/fn"), moduleReturning(0), first, quiet));
    std::atomic<bool> done{false};
    std::atomic<int> mismatches{0}, lookups{0};
    std::thread readerThread([&] {
        while (!done) {
            auto version = reader.lookup(name("alice/fn"));
            if (!version) {
                if (mismatches++ == 0) ADD_FAILURE() << version.error().message;
                continue;
            }
            ++lookups;
            // The record names the module it came with: settings.maxFaaslets is the answer + 1.
            const uint32_t faaslets = (*version)->record.settings.maxFaaslets;
            if ((*version)->wasm != moduleReturning(int32_t(faaslets) - 1)) ++mismatches;
        }
    });
    for (int i = 1; i <= 20; ++i) {
        Settings s;
        s.maxFaaslets = uint32_t(i + 1);
        auto added = writer.add(name("alice/fn"), moduleReturning(i), s, quiet);
        ASSERT_TRUE(added) << added.error().message;
    }
    done = true;
    readerThread.join();
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(lookups, 0);
}

TEST_F(RegistryTest, ConcurrentAddsOfOneNameLeaveOneConsistentVersion) {
    Registry registry = open();
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&, t] {
            Registry own = open();
            for (int i = 0; i < 5; ++i) {
                Settings s;
                s.maxFaaslets = uint32_t(100 * t + i + 1);
                if (!own.add(name("alice/race"), moduleReturning(100 * t + i), s, quiet)) ++failures;
            }
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures, 0);
    auto version = registry.lookup(name("alice/race"));
    ASSERT_TRUE(version) << version.error().message;
    const uint32_t faaslets = (*version)->record.settings.maxFaaslets;
    EXPECT_EQ((*version)->wasm, moduleReturning(int32_t(faaslets) - 1));
    size_t versions = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(temp / "data/functions/alice/race/versions"))
        ++versions;
    EXPECT_EQ(versions, 1u);
    EXPECT_TRUE(fs::is_empty(temp / "data/staging"));
    EXPECT_EQ(registry.list()->size(), 1u);
}

TEST_F(RegistryTest, RemovesAndReportsMissingNames) {
    Registry registry = open();
    ASSERT_TRUE(registry.add(name("alice/fn"), moduleReturning(1), {}, quiet));
    auto held = registry.lookup(name("alice/fn"));
    ASSERT_TRUE(registry.remove(name("alice/fn")));
    EXPECT_EQ((*held)->wasm, moduleReturning(1));
    EXPECT_FALSE(fs::exists(temp / "data/functions/alice"));
    for (const char* missing : {"alice/fn", "nobody/fn"}) {
        auto removed = registry.remove(name(missing));
        ASSERT_FALSE(removed);
        EXPECT_EQ(removed.error().kind, Error::Kind::NotFound);
        EXPECT_EQ(removed.error().message, std::string("no function ") + missing);
        EXPECT_EQ(registry.lookup(name(missing)).error().kind, Error::Kind::NotFound);
        EXPECT_EQ(registry.info(name(missing)).error().kind, Error::Kind::NotFound);
    }
    EXPECT_TRUE(registry.list()->empty());
}

TEST_F(RegistryTest, RefusesModulesThatDoNotFitOrDoNotLoad) {
    Registry registry = open();
    Settings small;
    small.maxMemoryBytes = 2 * kWasmPageBytes;
    auto tooBig = registry.add(name("alice/big"), moduleReturning(1, 3), small, quiet);
    ASSERT_FALSE(tooBig);
    EXPECT_EQ(tooBig.error().kind, Error::Kind::InvalidModule);
    EXPECT_NE(tooBig.error().message.find("initial memory is 196608 bytes (3 pages), more than its memory limit of 131072"),
              std::string::npos)
        << tooBig.error().message;
    EXPECT_TRUE(registry.add(name("alice/big"), moduleReturning(1, 2), small, quiet));

    Settings init;
    init.initExport = "warm";
    auto noInit = registry.add(name("alice/init"), moduleReturning(1), init, quiet);
    ASSERT_FALSE(noInit);
    EXPECT_NE(noInit.error().message.find("init export \"warm\" is not a function the module exports"),
              std::string::npos);

    auto malformed = registry.add(name("alice/junk"), {'n', 'o', 't', 'w', 'a', 's', 'm'}, {}, quiet);
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().kind, Error::Kind::InvalidModule);
    EXPECT_NE(malformed.error().message.find("malformed"), std::string::npos);

    Settings bad;
    bad.cpuWeight = 0;
    auto badSettings = registry.add(name("alice/bad"), moduleReturning(1), bad, quiet);
    ASSERT_FALSE(badSettings);
    EXPECT_EQ(badSettings.error().kind, Error::Kind::InvalidSettings);
    // Nothing refused was stored.
    EXPECT_EQ(registry.list()->size(), 1u);
}

TEST_F(RegistryTest, ADamagedModuleIsReportedNotServed) {
    Registry registry = open();
    auto added = registry.add(name("alice/fn"), moduleReturning(1), {}, quiet);
    ASSERT_TRUE(added);
    const fs::path file = temp / "data/functions/alice/fn/versions" / added->record.version / "module.wasm";
    fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
    std::ofstream(file, std::ios::binary | std::ios::app) << "x";
    Registry other = open();
    auto version = other.lookup(name("alice/fn"));
    ASSERT_FALSE(version);
    EXPECT_EQ(version.error().kind, Error::Kind::Damaged);
    EXPECT_NE(version.error().message.find("does not match the SHA-256"), std::string::npos);
}

TEST_F(RegistryTest, OpeningRemovesWhatACrashedAddLeftInStaging) {
    { Registry first = open(); }
    const fs::path abandoned = temp / "data/staging/abandoned";
    const fs::path recent = temp / "data/staging/recent";
    fs::create_directories(abandoned);
    fs::create_directories(recent);
    std::ofstream(abandoned / "module.wasm") << "partial";
    fs::last_write_time(abandoned, fs::file_time_type::clock::now() - std::chrono::hours(2));
    Registry registry = open();
    EXPECT_FALSE(fs::exists(abandoned));
    EXPECT_TRUE(fs::exists(recent));  // perhaps another process's add, under way
}

TEST_F(RegistryTest, RefusesADataDirectoryOthersCanWrite) {
    fs::create_directories(temp / "data");
    ::chmod((temp / "data").c_str(), 0777);
    loader::LoadOptions load;
    auto registry = Registry::open(temp / "data", load);
    ASSERT_FALSE(registry);
    EXPECT_EQ(registry.error().kind, Error::Kind::Untrusted);
    EXPECT_NE(registry.error().message.find("is writable by other users"), std::string::npos);
    ::chmod((temp / "data").c_str(), 0720);
    EXPECT_FALSE(Registry::open(temp / "data", load));
}

TEST_F(RegistryTest, CreatesThePrivateDataDirectory) {
    ASSERT_TRUE(prepareDataDirectory(temp / "a/b/data/"));
    struct stat st {};
    ASSERT_EQ(::stat((temp / "a/b/data").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST(DataDirectory, ResolvesFromTheEnvironment) {
    auto with = [](std::map<std::string, std::string> env) {
        return resolveDataDirectory([env](const char* name) -> const char* {
            auto found = env.find(name);
            return found == env.end() ? nullptr : found->second.c_str();
        });
    };
    EXPECT_EQ(*with({{"FAASLET_HOME", "/f"}, {"XDG_DATA_HOME", "/x"}, {"HOME", "/h"}}), fs::path("/f"));
    EXPECT_EQ(*with({{"XDG_DATA_HOME", "/x"}, {"HOME", "/h"}}), fs::path("/x/faaslet"));
    // The XDG spec ignores a relative XDG_DATA_HOME, and so does an empty FAASLET_HOME.
    EXPECT_EQ(*with({{"FAASLET_HOME", ""}, {"XDG_DATA_HOME", "rel"}, {"HOME", "/h"}}),
              fs::path("/h/.local/share/faaslet"));
}

}  // namespace
}  // namespace faaslet::functions

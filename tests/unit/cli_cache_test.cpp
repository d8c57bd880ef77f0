// The faaslet command's cache, as a user meets it: `cache ls | info | verify | prune | clear` and
// their bad paths, eviction down to the size limit after a store, keys that change with the
// options, a run from the cache that never needs the compiler, two processes precompiling one
// module at once, and a read-only or full cache directory (a clear warning; the module still runs).

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "cache/entry_format.h"
#include "tests/unit/cache_test_support.h"
#include "tests/unit/cli_test_support.h"

namespace faaslet::cli::test {
namespace {

namespace fs = std::filesystem;
using cache::test::TempDir;

class CacheCli : public ::testing::Test {
protected:
    TempDir temp;
    fs::path cacheDir = temp.path() / "cache";
    // The sealing key too is the test's own, not the user's.
    std::map<std::string, std::string> environment{{"FAASLET_CACHE_DIR", cacheDir.string()},
                                                    {"XDG_DATA_HOME", (temp.path() / "data").string()}};

    CommandResult faaslet(const std::vector<std::string>& args, const ChildSetup& setup = {}) {
        return runFaaslet(args, environment, setup);
    }
    // Precompiles `name` from the examples and returns its key.
    std::string precompile(const std::string& name, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"precompile", example(name)};
        args.insert(args.end(), extra.begin(), extra.end());
        auto result = faaslet(args);
        EXPECT_EQ(result.status, 0) << result.err;
        const std::string key = keyIn(result.out, example(name));
        EXPECT_FALSE(key.empty()) << result.out;
        return key;
    }
    fs::path entryDirectory(const std::string& key) const { return cacheDir / "v2" / key; }
    size_t namesInEntries() const {
        size_t names = 0;
        for ([[maybe_unused]] auto& e : fs::directory_iterator(cacheDir / "v2")) ++names;
        return names;
    }
};

TEST_F(CacheCli, InfoDescribesTheCacheAndOneEntry) {
    const std::string key = precompile("hello.wasm");
    auto info = faaslet({"cache", "info"});
    ASSERT_EQ(info.status, 0) << info.err;
    EXPECT_NE(info.out.find("directory   " + cacheDir.string()), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("entries     1\n"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("size limit  1.0 GiB (1073741824 bytes) (default)"), std::string::npos)
        << info.out;

    environment["FAASLET_CACHE_MAX_SIZE"] = "300M";
    info = faaslet({"cache", "info"});
    EXPECT_NE(info.out.find("size limit  300.0 MiB (314572800 bytes) (FAASLET_CACHE_MAX_SIZE)"),
              std::string::npos)
        << info.out;

    auto entry = faaslet({"cache", "info", key});
    ASSERT_EQ(entry.status, 0) << entry.err;
    EXPECT_NE(entry.out.find("key         " + key), std::string::npos) << entry.out;
    EXPECT_NE(entry.out.find("name        hello.wasm"), std::string::npos) << entry.out;
    EXPECT_NE(entry.out.find((entryDirectory(key) / "object.so").string()), std::string::npos) << entry.out;
    EXPECT_NE(entry.out.find("last used   20"), std::string::npos) << entry.out;

    auto byPrefix = faaslet({"cache", "info", key.substr(0, 8)});
    ASSERT_EQ(byPrefix.status, 0) << byPrefix.err;
    EXPECT_NE(byPrefix.out.find("key         " + key), std::string::npos) << byPrefix.out;
}

TEST_F(CacheCli, InfoRefusesAPrefixOfSeveralEntries) {
    const std::string key = precompile("hello.wasm");
    // A second (damaged) entry whose key shares the first 8 digits.
    const std::string twin = key.substr(0, 8) + std::string(56, key[8] == '0' ? '1' : '0');
    fs::create_directories(cacheDir / "v2" / twin);
    auto ambiguous = faaslet({"cache", "info", key.substr(0, 8)});
    EXPECT_EQ(ambiguous.status, 1);
    EXPECT_NE(ambiguous.err.find("2 entries start with " + key.substr(0, 8)), std::string::npos) << ambiguous.err;
    auto unique = faaslet({"cache", "info", key.substr(0, 9)});
    EXPECT_EQ(unique.status, 0) << unique.err;
}

TEST_F(CacheCli, InfoRefusesWhatIsNotAKeyOrNotInTheCache) {
    precompile("hello.wasm");
    auto notAKey = faaslet({"cache", "info", "hello"});
    EXPECT_EQ(notAKey.status, 1);
    EXPECT_NE(notAKey.err.find("\"hello\" is not a cache key"), std::string::npos) << notAKey.err;
    auto unknown = faaslet({"cache", "info", std::string(64, '0')});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.err.find("no entry " + std::string(64, '0')), std::string::npos) << unknown.err;
}

TEST_F(CacheCli, AMissingCacheDirectoryIsAClearErrorExceptForClear) {
    for (const char* command : {"ls", "info", "verify", "prune"}) {
        auto result = faaslet({"cache", command});
        EXPECT_EQ(result.status, 1) << command;
        EXPECT_NE(result.err.find("no cache at " + cacheDir.string()), std::string::npos)
            << command << ": " << result.err;
    }
    auto cleared = faaslet({"cache", "clear"});
    EXPECT_EQ(cleared.status, 0) << cleared.err;
}

TEST_F(CacheCli, VerifyRemovesDamagedEntriesAndFailsWhileThereWereAny) {
    const std::string hello = precompile("hello.wasm");
    const std::string fib = precompile("fib.wasm");
    cache::test::flipByte(entryDirectory(fib) / cache::kObjectFileName, 1000);
    auto verify = faaslet({"cache", "verify"});
    EXPECT_EQ(verify.status, 1);
    EXPECT_NE(verify.out.find("checked 2 entries, 1 sound, 1 damaged"), std::string::npos) << verify.out;
    EXPECT_NE(verify.err.find(fib), std::string::npos) << verify.err;
    EXPECT_NE(verify.err.find("damaged"), std::string::npos) << verify.err;
    EXPECT_FALSE(fs::exists(entryDirectory(fib)));
    EXPECT_TRUE(fs::exists(entryDirectory(hello)));
    auto again = faaslet({"cache", "verify"});
    EXPECT_EQ(again.status, 0) << again.err;
    EXPECT_NE(again.out.find("checked 1 entries, 1 sound, 0 damaged"), std::string::npos) << again.out;
}

// An attacker who can write the cache but not read the user's key changes the object and
// recomputes the plain checksums: verify calls it forged, a run refuses it and compiles again.
TEST_F(CacheCli, AForgedEntryIsReportedAsForgedAndNeverRun) {
    const std::string hello = precompile("hello.wasm");
    const std::string fib = precompile("fib.wasm");
    const fs::path object = entryDirectory(hello) / cache::kObjectFileName;
    const fs::path other = entryDirectory(fib) / cache::kObjectFileName;
    cache::test::writeBytes(object, cache::test::readBytes(other));  // fib's code under hello's key
    cache::test::resealWithSha256(entryDirectory(hello) / cache::kHeaderFileName, object);
    auto verify = faaslet({"cache", "verify"});
    EXPECT_EQ(verify.status, 1);
    EXPECT_NE(verify.out.find("checked 2 entries, 1 sound, 0 damaged, 1 forged"), std::string::npos) << verify.out;
    EXPECT_NE(verify.err.find("is forged (forged: its seal does not match"), std::string::npos) << verify.err;
    EXPECT_NE(verify.err.find("1 forged cache entry found"), std::string::npos) << verify.err;
    EXPECT_FALSE(fs::exists(entryDirectory(hello)));

    precompile("hello.wasm");
    cache::test::writeBytes(object, cache::test::readBytes(other));
    cache::test::resealWithSha256(entryDirectory(hello) / cache::kHeaderFileName, object);
    auto run = faaslet({"run", example("hello.wasm"), "--", "x"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("Hello from a Faaslet!\narg 1: x"), std::string::npos) << run.out;
    EXPECT_NE(run.err.find("is forged"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("compiling"), std::string::npos) << run.err;
    EXPECT_EQ(faaslet({"cache", "verify"}).status, 0) << "rebuilt sound";
}

// The key is the user's, outside the cache: another key (a replaced key file) makes every entry
// forged, and the next runs rebuild them.
TEST_F(CacheCli, TheSealingKeyLivesOutsideTheCacheAndReplacingItRebuilds) {
    const std::string hello = precompile("hello.wasm");
    const fs::path keyFile = temp.path() / "data" / "faaslet" / "cache-key";
    ASSERT_TRUE(fs::exists(keyFile));
    EXPECT_EQ(fs::status(keyFile).permissions() & fs::perms::mask, fs::perms::owner_read | fs::perms::owner_write);
    fs::remove(keyFile);
    auto run = faaslet({"run", example("hello.wasm")});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.err.find("sealed with another key"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("compiling"), std::string::npos) << run.err;
    EXPECT_EQ(faaslet({"cache", "verify"}).status, 0);

    fs::permissions(keyFile, fs::perms::others_read, fs::perm_options::add);
    auto exposed = faaslet({"run", example("hello.wasm")});
    EXPECT_EQ(exposed.status, 0) << exposed.err;
    EXPECT_NE(exposed.err.find("open to other users"), std::string::npos) << exposed.err;
    EXPECT_NE(exposed.err.find("compiling without the cache"), std::string::npos) << exposed.err;
    auto verify = faaslet({"cache", "verify"});
    EXPECT_EQ(verify.status, 1);
    EXPECT_NE(verify.err.find("open to other users"), std::string::npos) << verify.err;
}

TEST_F(CacheCli, ADamagedEntryIsReportedRebuiltAndTheModuleRuns) {
    const std::string key = precompile("hello.wasm");
    cache::test::truncateTo(entryDirectory(key) / cache::kObjectFileName, 100);
    auto run = faaslet({"run", example("hello.wasm")});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("Hello from a Faaslet!"), std::string::npos);
    EXPECT_NE(run.err.find("damaged"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("compiling"), std::string::npos) << run.err;
    EXPECT_EQ(faaslet({"cache", "verify"}).status, 0) << "rebuilt sound";
}

TEST_F(CacheCli, PruneEvictsTheLeastRecentlyUsedDownToTheGivenSize) {
    const std::string hello = precompile("hello.wasm");
    const std::string fib = precompile("fib.wasm");
    cache::test::setModificationTime(entryDirectory(hello) / cache::kHeaderFileName, 1000);
    cache::test::setModificationTime(entryDirectory(fib) / cache::kHeaderFileName, 2000);
    const uintmax_t fibBytes = fs::file_size(entryDirectory(fib) / cache::kHeaderFileName) +
                               fs::file_size(entryDirectory(fib) / cache::kObjectFileName);
    auto pruned = faaslet({"cache", "prune", "--max-size", std::to_string(fibBytes)});
    ASSERT_EQ(pruned.status, 0) << pruned.err;
    EXPECT_NE(pruned.out.find("evicted " + hello), std::string::npos) << pruned.out;
    EXPECT_FALSE(fs::exists(entryDirectory(hello)));
    EXPECT_TRUE(fs::exists(entryDirectory(fib)));

    auto all = faaslet({"cache", "prune", "--max-size", "0K"});
    ASSERT_EQ(all.status, 0) << all.err;
    EXPECT_FALSE(fs::exists(entryDirectory(fib)));
}

TEST_F(CacheCli, PruneRefusesSizesItCannotRead) {
    precompile("hello.wasm");
    for (const char* size : {"12Q", "-1", "", "1.5G", "99999999999T"}) {
        auto result = faaslet({"cache", "prune", "--max-size", size});
        EXPECT_NE(result.status, 0) << size;
        EXPECT_NE(result.err.find("size"), std::string::npos) << size << ": " << result.err;
    }
    environment["FAASLET_CACHE_MAX_SIZE"] = "lots";
    auto fromEnvironment = faaslet({"cache", "prune"});
    EXPECT_EQ(fromEnvironment.status, 1);
    EXPECT_NE(fromEnvironment.err.find("FAASLET_CACHE_MAX_SIZE: \"lots\" is not a size"), std::string::npos)
        << fromEnvironment.err;
    EXPECT_EQ(namesInEntries(), 1u) << "nothing evicted";
}

TEST_F(CacheCli, StoresEvictLeastRecentlyUsedEntriesBeyondTheSizeLimit) {
    // Smaller than any module: each store keeps only the entry it has just made.
    environment["FAASLET_CACHE_MAX_SIZE"] = "1K";
    const std::string hello = precompile("hello.wasm");
    EXPECT_TRUE(fs::exists(entryDirectory(hello))) << "a store never evicts its own entry";
    const std::string fib = precompile("fib.wasm");
    EXPECT_TRUE(fs::exists(entryDirectory(fib)));
    EXPECT_FALSE(fs::exists(entryDirectory(hello)));

    environment["FAASLET_CACHE_MAX_SIZE"] = "1G";
    precompile("hello.wasm");
    EXPECT_EQ(namesInEntries(), 2u);

    environment["FAASLET_CACHE_MAX_SIZE"] = "big";
    auto run = faaslet({"run", example("hello.wasm")});
    EXPECT_EQ(run.status, 0);
    EXPECT_NE(run.err.find("warning: FAASLET_CACHE_MAX_SIZE: \"big\" is not a size"), std::string::npos)
        << run.err;
}

TEST_F(CacheCli, OptionsThatChangeCodeChangeTheKeyAndThreadCountsDoNot) {
    const std::string o2 = precompile("fib.wasm");
    const std::string o0 = precompile("fib.wasm", {"-O", "0"});
    const std::string o3 = precompile("fib.wasm", {"-O", "3"});
    EXPECT_NE(o0, o2);
    EXPECT_NE(o3, o2);
    EXPECT_NE(o0, o3);
    EXPECT_EQ(precompile("fib.wasm", {"--codegen-threads", "1"}), o2);
    EXPECT_EQ(precompile("fib.wasm", {"--codegen-threads", "3"}), o2);
}

TEST_F(CacheCli, ACachedRunNeverLoadsTheCompiler) {
    precompile("hello.wasm");
    // The command alone, without libfaaslet-compiler.so beside it: it has no LLVM of its own
    // (cli_does_not_link_llvm), so it cannot optimise or generate code at all.
    const fs::path alone = temp.path() / "bin" / "faaslet";
    fs::create_directories(alone.parent_path());
    fs::copy_file(FAASLET_CLI, alone);
    auto cached =
        runFaaslet({"-v", "run", example("hello.wasm"), "--", "x"}, environment, {}, alone.string());
    EXPECT_EQ(cached.status, 0) << cached.err;
    EXPECT_NE(cached.out.find("arg 1: x"), std::string::npos);
    EXPECT_NE(cached.err.find("cache lookup (hit)"), std::string::npos) << cached.err;
    for (const char* phase : {"compile", "optimize", "codegen"})
        EXPECT_EQ(cached.err.find(phase), std::string::npos) << phase << " in " << cached.err;
    EXPECT_NE(cached.err.find("instantiate"), std::string::npos)
        << "-v shows the run's phases: " << cached.err;

    auto miss = runFaaslet({"run", example("fib.wasm"), "--", "5"}, environment, {}, alone.string());
    EXPECT_EQ(miss.status, 1);
    EXPECT_NE(miss.err.find("cannot load the compiler"), std::string::npos) << miss.err;
}

TEST_F(CacheCli, VerboseShowsTheCompilePhasesOnAMiss) {
    auto run = faaslet({"run", "-v", example("fib.wasm"), "--", "10"});
    EXPECT_EQ(run.status, 0) << run.err;
    for (const char* phase : {"read", "key", "cache lookup (miss)", "lower", "optimize", "codegen", "link",
                              "load", "instantiate", "run", "total"})
        EXPECT_NE(run.err.find(phase), std::string::npos) << phase << " missing from " << run.err;
}

TEST_F(CacheCli, TwoProcessesPrecompilingOneModuleAtOnce) {
    const std::string module = std::string(FAASLET_TEST_PROGRAM_DIR) + "/kernels.wasm";
    FaasletProcess first({"precompile", module}, environment);
    FaasletProcess second({"precompile", module}, environment);
    auto a = first.wait();
    auto b = second.wait();
    ASSERT_EQ(a.status, 0) << a.err;
    ASSERT_EQ(b.status, 0) << b.err;
    const std::string key = keyIn(a.out, module);
    EXPECT_EQ(keyIn(b.out, module), key);
    EXPECT_EQ(namesInEntries(), 1u) << "one entry, no temporary directory left behind";
    auto verify = faaslet({"cache", "verify"});
    EXPECT_EQ(verify.status, 0) << verify.err;
    EXPECT_NE(verify.out.find("1 sound"), std::string::npos) << verify.out;
    auto run = faaslet({"run", "--invoke", "ackermann", module, "2", "3"});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.err.find("compiling"), std::string::npos) << run.err;
}

// The mount flags a bind remount must keep (a user namespace may not drop them).
unsigned long lockedFlagsOf(const fs::path& path) {
    struct statvfs st {};
    if (::statvfs(path.c_str(), &st) != 0) return 0;
    return (st.f_flag & ST_NOSUID ? MS_NOSUID : 0) | (st.f_flag & ST_NODEV ? MS_NODEV : 0) |
           (st.f_flag & ST_NOEXEC ? MS_NOEXEC : 0);
}

TEST_F(CacheCli, AReadOnlyCacheServesHitsAndCompilesMissesWithAClearWarning) {
    precompile("hello.wasm");
    // A read-only bind mount in a mount namespace of the command's own (root, or an unprivileged
    // user namespace); failing both, permission bits, which bind everyone but root.
    const fs::path dir = cacheDir;
    auto readOnly = [dir] {
        if (enterPrivateMountNamespace())
            return ::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == 0 &&
                   ::mount(nullptr, dir.c_str(), nullptr,
                           MS_BIND | MS_REMOUNT | MS_RDONLY | lockedFlagsOf(dir), nullptr) == 0;
        return ::geteuid() != 0 && ::chmod(dir.c_str(), 0555) == 0 &&
               ::chmod((dir / "v2").c_str(), 0555) == 0;
    };
    auto hit = faaslet({"run", example("hello.wasm"), "--", "ro"}, readOnly);
    if (hit.status == kSetupFailed) GTEST_SKIP() << "no way to make a directory read-only here";
    EXPECT_EQ(hit.status, 0) << hit.err;
    EXPECT_NE(hit.out.find("arg 1: ro"), std::string::npos);
    EXPECT_EQ(hit.err.find("compiling"), std::string::npos) << hit.err;

    auto miss = faaslet({"run", example("fib.wasm"), "--", "10"}, readOnly);
    fs::permissions(dir, fs::perms::owner_all);
    fs::permissions(dir / "v2", fs::perms::owner_all);
    EXPECT_EQ(miss.status, 0) << miss.err;
    EXPECT_NE(miss.out.find("fib(10) = 55"), std::string::npos) << miss.out;
    EXPECT_NE(miss.err.find("warning: not cached: cache not writable"), std::string::npos) << miss.err;
    EXPECT_TRUE(miss.err.find("Read-only file system") != std::string::npos ||
                miss.err.find("Permission denied") != std::string::npos)
        << miss.err;
    EXPECT_EQ(namesInEntries(), 1u);
}

TEST_F(CacheCli, AFullCacheDirectoryGivesAClearWarningAndTheModuleStillRuns) {
    // A tiny tmpfs over the cache directory, in a mount namespace of the command's own. (A file
    // size limit would not do: the compiler's own output in the scratch directory is as large as
    // the object the cache would store.)
    fs::create_directories(cacheDir);
    const fs::path dir = cacheDir;
    auto full = [dir] {
        return enterPrivateMountNamespace() &&
               ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=8k,nr_inodes=64,mode=0700") == 0;
    };
    auto run = faaslet({"run", example("fib.wasm"), "--", "10"}, full);
    if (run.status == kSetupFailed) GTEST_SKIP() << "no mount namespace to make a full filesystem in";
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("fib(10) = 55"), std::string::npos) << run.out;
    EXPECT_NE(run.err.find("warning: not cached: no space"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("No space left on device"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace faaslet::cli::test

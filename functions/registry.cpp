#include "functions/registry.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include "cache/trusted_directory.h"
#include "cache/hash.h"
#include "fmt/format.h"
#include "functions/data_directory.h"
#include "functions/durable_files.h"
#include "loader/module_file.h"
#include "wasm/decoder/decoder.h"

namespace faaslet::functions {

namespace fs = std::filesystem;

namespace {

constexpr char kModuleFile[] = "module.wasm";
constexpr char kRecordFile[] = "function.json";
constexpr char kCurrentLink[] = "current";
constexpr char kVersionsFolder[] = "versions";
// A record is a few hundred bytes plus the environment and preopens; this only bounds a damaged one.
constexpr uint64_t kMaxRecordBytes = uint64_t(16) << 20;
// A staged version is written and published within seconds of its directory's creation; one
// older than this was left by an add that crashed, and is removed when a registry opens.
constexpr auto kAbandonedStagingAge = std::chrono::hours(1);
// A lookup that finds `current` swapped between opening it and reading its files tries again;
// each retry means another add published meanwhile, so a few always suffice in practice.
constexpr int kLookupAttempts = 16;

Error ioError(const std::string& what, int err) {
    return Error::make(Error::Kind::Io, fmt::format("{}: {}", what, std::strerror(err)));
}

Error notFound(const FunctionName& name) {
    return Error::make(Error::Kind::NotFound, fmt::format("no function {}", name.toString()));
}

// The largest initial memory the module asks for, in bytes, over its defined and imported memories.
uint64_t initialMemoryBytes(const wasm::Module& module) {
    uint64_t largest = 0;
    for (uint32_t i = 0; i < module.memoryCount(); ++i)
        largest = std::max(largest, uint64_t(module.memoryType(i).limits.min) * kWasmPageBytes);
    return largest;
}

Status checkModuleFitsSettings(const FunctionName& name, const std::vector<uint8_t>& wasm,
                               const Settings& settings) {
    auto decoded = wasm::decode(wasm);
    if (!decoded)
        return Error::make(Error::Kind::InvalidModule, decoded.error().toStringFor(name.toString()));
    const uint64_t initial = initialMemoryBytes(*decoded);
    if (initial > settings.maxMemoryBytes)
        return Error::make(Error::Kind::InvalidModule,
                           fmt::format("{}: the module's initial memory is {} bytes ({} pages), more than "
                                       "its memory limit of {} bytes (raise it with --max-memory)",
                                       name.toString(), initial, initial / kWasmPageBytes,
                                       settings.maxMemoryBytes));
    if (!settings.initExport.empty()) {
        const auto& exports = decoded->exports;
        const bool found = std::any_of(exports.begin(), exports.end(), [&](const wasm::Export& e) {
            return e.name == settings.initExport && e.kind == wasm::ExternKind::Func;
        });
        if (!found)
            return Error::make(Error::Kind::InvalidModule,
                               fmt::format("{}: the init export \"{}\" is not a function the module exports",
                                           name.toString(), settings.initExport));
    }
    return {};
}

std::string newVersionName(const std::string& uniqueSuffix) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return fmt::format("{:016x}-{}", std::chrono::duration_cast<std::chrono::nanoseconds>(now).count(),
                       uniqueSuffix);
}

}  // namespace

struct Registry::State {
    fs::path root;       // the data directory
    fs::path functions;  // root/functions
    loader::LoadOptions load;
    // The version each name last looked up resolved to: handed out again while it is current.
    mutable std::mutex memoMutex;
    mutable std::map<FunctionName, std::shared_ptr<const FunctionVersion>> memo;

    fs::path functionDir(const FunctionName& name) const { return functions / name.user / name.function; }
    // Beside functions/, never in it: a user may be called ".staging" or ".lock".
    fs::path staging() const { return root / "staging"; }
    fs::path lockFile() const { return root / "functions.lock"; }

    // The version `current` names, "" when there is none.
    Result<std::string> currentVersion(const FunctionName& name) const {
        std::array<char, 512> target{};
        const fs::path link = functionDir(name) / kCurrentLink;
        const ssize_t n = ::readlink(link.c_str(), target.data(), target.size() - 1);
        if (n < 0) {
            if (errno == ENOENT || errno == ENOTDIR) return std::string();
            return ioError("cannot read " + link.string(), errno);
        }
        return fs::path(std::string(target.data(), size_t(n))).filename().string();
    }

    // Reads the current version's record (and with `withModule` its bytes) through one descriptor
    // of its directory, retrying when it is swapped away meanwhile.
    Result<FunctionVersion> readCurrent(const FunctionName& name, bool withModule) const {
        const fs::path link = functionDir(name) / kCurrentLink;
        for (int attempt = 0; attempt < kLookupAttempts; ++attempt) {
            UniqueFd dir(::open(link.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            if (!dir) {
                if (errno == ENOENT || errno == ENOTDIR) return notFound(name);
                return ioError("cannot open " + link.string(), errno);
            }
            auto text = readFileAt(dir.get(), kRecordFile, kMaxRecordBytes);
            if (!text && text.error().kind == Error::Kind::NotFound) continue;
            if (!text) return withContext(name, text.error());
            nlohmann::json json = nlohmann::json::parse(text->begin(), text->end(), nullptr, false);
            if (json.is_discarded())
                return withContext(name, Error::make(Error::Kind::Damaged, "function.json is not JSON"));
            auto record = recordFromJson(json);
            if (!record) return withContext(name, record.error());
            FunctionVersion version{std::move(*record), {}};
            if (!withModule) return version;
            auto wasm = readFileAt(dir.get(), kModuleFile, loader::kMaxModuleBytes);
            if (!wasm && wasm.error().kind == Error::Kind::NotFound) continue;
            if (!wasm) return withContext(name, wasm.error());
            if (cache::toHex(cache::sha256(*wasm)) != version.record.sha256)
                return withContext(name, Error::make(Error::Kind::Damaged,
                                                     "module.wasm does not match the SHA-256 in function.json"));
            version.wasm = std::move(*wasm);
            return version;
        }
        return Error::make(Error::Kind::Io, fmt::format("{}: replaced {} times while being read", name.toString(),
                                                        kLookupAttempts));
    }

    static Error withContext(const FunctionName& name, Error error) {
        error.message = fmt::format("function {}: {}", name.toString(), error.message);
        return error;
    }

    // Names the version after a new staging directory (its random name makes the version unique
    // across processes) and writes the version's files into it; returns its path.
    Result<fs::path> stage(FunctionVersion& version) const {
        if (auto made = makePrivateDirectory(staging()); !made) return made.error();
        std::string pattern = (staging() / "XXXXXX").string();
        if (!::mkdtemp(pattern.data())) return ioError("cannot create a directory in " + staging().string(), errno);
        const fs::path dir = pattern;
        version.record.version = newVersionName(dir.filename().string());
        const std::string json = toJson(version.record).dump(2) + "\n";
        Status written = writeFileDurably(dir, kModuleFile, version.wasm);
        if (written)
            written = writeFileDurably(dir, kRecordFile,
                                       std::span(reinterpret_cast<const uint8_t*>(json.data()), json.size()));
        if (written) written = syncDirectory(dir);
        if (!written) {
            std::error_code ignored;
            fs::remove_all(dir, ignored);
            return written.error();
        }
        return dir;
    }

    // Under the lock: moves the staged directory into place, points `current` at it and removes
    // the versions it replaced. Returns whether there was a version before.
    Result<bool> publish(const FunctionName& name, const fs::path& staged, const std::string& version) const {
        auto lock = FileLock::acquire(lockFile());
        if (!lock) return lock.error();
        const fs::path userDir = functions / name.user;
        const fs::path dir = functionDir(name);
        const fs::path versions = dir / kVersionsFolder;
        for (const fs::path& folder : {userDir, dir, versions})
            if (auto made = makePrivateDirectory(folder); !made) return made.error();
        if (::rename(staged.c_str(), (versions / version).c_str()) != 0)
            return ioError("cannot move a new version into " + versions.string(), errno);
        if (auto synced = syncDirectory(versions); !synced) return synced.error();

        auto previous = currentVersion(name);
        if (!previous) return previous.error();
        const fs::path temporaryLink = dir / (".current-" + version);
        const std::string target = std::string(kVersionsFolder) + "/" + version;
        if (::symlink(target.c_str(), temporaryLink.c_str()) != 0)
            return ioError("cannot create " + temporaryLink.string(), errno);
        // rename(2) replaces `current` in one step: every open of it sees one version or the other.
        if (::rename(temporaryLink.c_str(), (dir / kCurrentLink).c_str()) != 0)
            return ioError("cannot replace " + (dir / kCurrentLink).string(), errno);
        if (auto synced = syncDirectory(dir); !synced) return synced.error();
        // Whoever read an old version holds its bytes already: its files can go.
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(versions, ec))
            if (entry.path().filename() != version) fs::remove_all(entry.path(), ec);
        return !previous->empty();
    }
};

namespace {

void removeAbandonedStaging(const fs::path& staging) {
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& entry : fs::directory_iterator(staging, ec)) {
        const auto modified = fs::last_write_time(entry.path(), ec);
        if (!ec && now - modified > kAbandonedStagingAge) fs::remove_all(entry.path(), ec);
    }
}

}  // namespace

Registry::Registry(std::unique_ptr<State> state) : state_(std::move(state)) {}
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;
Registry::~Registry() = default;

Result<Registry> Registry::open(const fs::path& dataDirectory, loader::LoadOptions load) {
    if (auto prepared = prepareDataDirectory(dataDirectory); !prepared) return prepared.error();
    auto state = std::make_unique<State>();
    state->root = dataDirectory;
    state->functions = dataDirectory / "functions";
    state->load = std::move(load);
    if (auto made = makePrivateDirectory(state->functions); !made) return made.error();
    struct stat st;
    if (::lstat(state->functions.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return Error::make(Error::Kind::Untrusted, "refusing the function registry: " + state->functions.string() +
                                                       " is not a directory");
    if (auto why = cache::untrustedReason(st, state->functions.string(), cache::TrustRule::Private))
        return Error::make(Error::Kind::Untrusted, "refusing the function registry: " + *why);
    removeAbandonedStaging(state->staging());
    return Registry(std::move(state));
}

Result<Registry> Registry::openFromEnvironment(loader::Listener& listener) {
    auto directory = resolveDataDirectory();
    if (!directory) return directory.error();
    return open(*directory, loader::loadOptionsFromEnvironment(listener));
}

const fs::path& Registry::directory() const {
    return state_->root;
}

Result<AddResult> Registry::add(const FunctionName& name, std::vector<uint8_t> wasm, const Settings& settings,
                                loader::Listener& listener) const {
    if (auto valid = validate(settings); !valid) return valid.error();
    if (auto fits = checkModuleFitsSettings(name, wasm, settings); !fits) return fits.error();
    auto loaded = loader::loadBytes(wasm, name.toString(), state_->load, listener);
    if (!loaded) return Error::make(Error::Kind::InvalidModule, loaded.error());

    FunctionVersion version;
    version.record.name = name;
    version.record.settings = settings;
    version.record.wasmBytes = wasm.size();
    version.record.sha256 = cache::toHex(cache::sha256(wasm));
    version.record.cacheKey = loaded->key;
    version.record.added = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    version.wasm = std::move(wasm);
    auto staged = state_->stage(version);
    if (!staged) return staged.error();
    auto published = state_->publish(name, *staged, version.record.version);
    if (!published) {
        std::error_code ignored;
        fs::remove_all(*staged, ignored);
        return published.error();
    }
    return AddResult{std::move(version.record), *published, std::move(*loaded)};
}

Result<std::vector<FunctionRecord>> Registry::list() const {
    std::vector<FunctionRecord> records;
    std::error_code ec;
    for (const auto& user : fs::directory_iterator(state_->functions, ec)) {
        for (const auto& function : fs::directory_iterator(user.path(), ec)) {
            // Only names the registry could have written.
            auto name = parseFunctionName(user.path().filename().string() + "/" + function.path().filename().string());
            if (!name) continue;
            auto version = state_->readCurrent(*name, false);
            if (!version && version.error().kind == Error::Kind::NotFound) continue;  // removed meanwhile
            if (!version) return version.error();
            records.push_back(std::move(version->record));
        }
        ec.clear();
    }
    if (ec) return ioError("cannot list " + state_->functions.string(), ec.value());
    std::sort(records.begin(), records.end(),
              [](const FunctionRecord& a, const FunctionRecord& b) { return a.name < b.name; });
    return records;
}

Result<FunctionRecord> Registry::info(const FunctionName& name) const {
    auto version = state_->readCurrent(name, false);
    if (!version) return version.error();
    return std::move(version->record);
}

Status Registry::remove(const FunctionName& name) const {
    auto lock = FileLock::acquire(state_->lockFile());
    if (!lock) return lock.error();
    const fs::path dir = state_->functionDir(name);
    // Unlinking `current` is the removal: from then on no lookup finds the function.
    if (::unlink((dir / kCurrentLink).c_str()) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return notFound(name);
        return ioError("cannot remove " + (dir / kCurrentLink).string(), errno);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (ec) return ioError("cannot remove " + dir.string(), ec.value());
    ::rmdir((state_->functions / name.user).c_str());  // only if no other function of the user is left
    std::lock_guard guard(state_->memoMutex);
    state_->memo.erase(name);
    return {};
}

Result<std::shared_ptr<const FunctionVersion>> Registry::lookup(const FunctionName& name) const {
    auto current = state_->currentVersion(name);
    if (!current) return current.error();
    if (current->empty()) return notFound(name);
    {
        std::lock_guard guard(state_->memoMutex);
        auto found = state_->memo.find(name);
        if (found != state_->memo.end() && found->second->record.version == *current) return found->second;
    }
    auto version = state_->readCurrent(name, true);
    if (!version) return version.error();
    auto shared = std::make_shared<const FunctionVersion>(std::move(*version));
    std::lock_guard guard(state_->memoMutex);
    state_->memo[name] = shared;
    return shared;
}

}  // namespace faaslet::functions

#include "cli/background_build.h"

#include <fcntl.h>
#include <spawn.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "fmt/format.h"

extern char** environ;

namespace faaslet::cli {

std::string startBackgroundBuild(const std::string& file, const CompileFlags& flags) {
    std::error_code ec;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "cannot find the faaslet executable: " + ec.message();
    const auto module = std::filesystem::absolute(file, ec);
    if (ec) return fmt::format("cannot resolve {}: {}", file, ec.message());
    std::vector<std::string> argv{executable.string(), "precompile", "--background", "-O", std::to_string(flags.optLevel)};
    if (flags.codegenThreads) {
        argv.push_back("--codegen-threads");
        argv.push_back(std::to_string(flags.codegenThreads));
    }
    argv.push_back("--");
    argv.push_back(module.string());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    // No terminal and no signals of the run's: a session of its own, /dev/null for its streams.
    for (int fd : {0, 1, 2}) posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    pid_t pid;
    const int rc = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return fmt::format("cannot start {}: {}", args[0], strerror(rc));
    return {};
}

}  // namespace faaslet::cli

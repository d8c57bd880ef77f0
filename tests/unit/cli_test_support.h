#pragma once
// Running the faaslet command as a user would, from tests: a child process with its own cache
// directory, its output captured, and an optional step run in the child before the command starts
// (resource limits, a private mount namespace).

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace faaslet::cli::test {

struct CommandResult {
    int status = -1;  // the exit status, or 128 + the signal that ended it
    std::string out;
    std::string err;
};

// What a child does before it runs the command; returns false if it could not, and the child then
// exits with kSetupFailed.
using ChildSetup = std::function<bool()>;
inline constexpr int kSetupFailed = 97;

class FaasletProcess {
public:
    // Starts `faaslet ARGS` (the executable `program`, by default the build's) with `environment`
    // added to the test's own.
    FaasletProcess(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& environment, const ChildSetup& setup = {},
                   const std::string& program = FAASLET_CLI) {
        std::FILE* out = std::tmpfile();
        std::FILE* err = std::tmpfile();
        if (!out || !err) throw std::runtime_error("tmpfile failed");
        out_ = out;
        err_ = err;
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            ::dup2(::fileno(out), STDOUT_FILENO);
            ::dup2(::fileno(err), STDERR_FILENO);
            for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
            if (setup && !setup()) ::_exit(kSetupFailed);
            std::vector<char*> argv{const_cast<char*>(program.c_str())};
            for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
            argv.push_back(nullptr);
            ::execv(program.c_str(), argv.data());
            ::_exit(127);
        }
    }
    FaasletProcess(const FaasletProcess&) = delete;
    FaasletProcess& operator=(const FaasletProcess&) = delete;
    ~FaasletProcess() {
        if (pid_ > 0) wait();
    }

    CommandResult wait() {
        CommandResult result;
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        result.out = contentsOf(out_);
        result.err = contentsOf(err_);
        return result;
    }

private:
    static std::string contentsOf(std::FILE* file) {
        std::string text;
        std::rewind(file);
        char buffer[4096];
        for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
        std::fclose(file);
        return text;
    }

    pid_t pid_ = -1;
    std::FILE* out_ = nullptr;
    std::FILE* err_ = nullptr;
};

inline CommandResult runFaaslet(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& environment,
                                const ChildSetup& setup = {}, const std::string& program = FAASLET_CLI) {
    return FaasletProcess(args, environment, setup, program).wait();
}

inline std::string example(const std::string& name) {
    return std::string(FAASLET_EXAMPLES_DIR) + "/" + name;
}

// The key `faaslet precompile` printed for `file`, or "" if it printed none.
inline std::string keyIn(const std::string& output, const std::string& file) {
    std::smatch match;
    const std::regex line(std::regex_replace(file, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                          ": key ([0-9a-f]{64})");
    return std::regex_search(output, match, line) ? match[1].str() : std::string();
}

// Puts the calling (child) process in a mount namespace of its own, so that what it mounts is seen
// by it and its children only. As root (with CAP_SYS_ADMIN) a plain mount namespace; otherwise a
// user namespace with one as well, where the kernel allows unprivileged ones. False if neither is
// possible.
inline bool enterPrivateMountNamespace() {
    if (::unshare(CLONE_NEWNS) != 0) {
        const uid_t uid = ::geteuid();
        const gid_t gid = ::getegid();
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) return false;
        auto write = [](const char* path, const std::string& text) {
            int fd = ::open(path, O_WRONLY | O_CLOEXEC);
            bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == ssize_t(text.size());
            if (fd >= 0) ::close(fd);
            return ok;
        };
        // The caller keeps its own ids inside, so the files it creates are still its own.
        if (!write("/proc/self/setgroups", "deny") ||
            !write("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1") ||
            !write("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1"))
            return false;
    }
    return ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
}

}  // namespace faaslet::cli::test

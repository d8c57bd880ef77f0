#include "tests/spec/wast2json.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "fmt/format.h"

extern char** environ;

namespace faaslet::spectest {

namespace fs = std::filesystem;

namespace {

bool isExecutableFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::optional<fs::path> searchPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(start, end - start);
        fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
        if (isExecutableFile(candidate)) return fs::absolute(candidate);
        start = end + 1;
    }
    return std::nullopt;
}

std::string signalName(int sig) {
    const char* name = ::strsignal(sig);
    return name ? fmt::format("signal {} ({})", sig, name) : fmt::format("signal {}", sig);
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string firstNonEmptyLine(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
    }
    return {};
}

// RAII for the spawn attributes.
struct FileActions {
    posix_spawn_file_actions_t actions;
    FileActions() { posix_spawn_file_actions_init(&actions); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
};

}  // namespace

std::optional<fs::path> findWast2json() {
    if (const char* env = std::getenv("WAST2JSON"); env && *env) {
        std::string value = env;
        if (value.find('/') == std::string::npos) return searchPath(value);
        if (isExecutableFile(value)) return fs::absolute(value);
        return std::nullopt;
    }
    return searchPath("wast2json");
}

Conversion convertWast(const fs::path& tool, const fs::path& suiteDir, const std::string& relativeWast,
                       const fs::path& outJson, const fs::path& stderrFile) {
    Conversion result;
    FileActions fa;
    // The child runs in the suite directory; every path handed to it must be absolute.
    std::string toolPath = fs::absolute(tool).string();
    std::string outPath = fs::absolute(outJson).string();
    std::string errPath = fs::absolute(stderrFile).string();
    int rc = posix_spawn_file_actions_addchdir_np(&fa.actions, fs::absolute(suiteDir).c_str());
    if (rc == 0) rc = posix_spawn_file_actions_addopen(&fa.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (rc == 0) rc = posix_spawn_file_actions_addopen(&fa.actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_addopen(&fa.actions, STDERR_FILENO, errPath.c_str(),
                                              O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (rc != 0) {
        result.firstErrorLine = fmt::format("cannot prepare to run wast2json: {}", std::strerror(rc));
        return result;
    }
    std::vector<std::string> args = {toolPath, relativeWast, "-o", outPath};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t pid = 0;
    rc = posix_spawn(&pid, toolPath.c_str(), &fa.actions, nullptr, argv.data(), environ);
    if (rc != 0) {
        result.firstErrorLine = fmt::format("cannot run {}: {}", toolPath, std::strerror(rc));
        return result;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            result.firstErrorLine = fmt::format("waiting for wast2json failed: {}", std::strerror(errno));
            return result;
        }
    }
    result.errorText = readAll(stderrFile);
    std::error_code ec;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        result.ok = fs::is_regular_file(outJson, ec);
        if (!result.ok) result.firstErrorLine = "wast2json exited with status 0 but wrote no JSON";
        return result;
    }
    result.firstErrorLine = firstNonEmptyLine(result.errorText);
    std::string how = WIFEXITED(status)     ? fmt::format("exit status {}", WEXITSTATUS(status))
                      : WIFSIGNALED(status) ? "killed by " + signalName(WTERMSIG(status))
                                            : std::string("ended abnormally");
    if (result.firstErrorLine.empty()) {
        result.firstErrorLine = "wast2json " + how;
    } else if (WIFSIGNALED(status)) {
        result.firstErrorLine += " (" + how + ")";
    }
    return result;
}

}  // namespace faaslet::spectest

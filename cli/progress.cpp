#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "fmt/format.h"

namespace faaslet::cli {

namespace {

constexpr int kBarWidth = 30;

}  // namespace

Progress::Progress(size_t modules, bool bar) : modules_(modules), bar_(bar) {}

Progress::~Progress() {
    std::lock_guard guard(lock_);
    eraseBar();
}

bool Progress::stderrIsTerminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

void Progress::note(const std::string& line) {
    std::lock_guard guard(lock_);
    eraseBar();
    fmt::print(stderr, "{}\n", line);
    drawBar();
}

void Progress::result(const std::string& line) {
    std::lock_guard guard(lock_);
    eraseBar();
    fmt::print("{}\n", line);
    std::fflush(stdout);
    drawBar();
}

void Progress::partitionsDone(const std::string& module, unsigned done, unsigned total) {
    std::lock_guard guard(lock_);
    partitions_[module] = {done, total};
    drawBar();
}

void Progress::moduleDone(const std::string& module) {
    std::lock_guard guard(lock_);
    partitions_.erase(module);
    ++modulesDone_;
    drawBar();
}

void Progress::eraseBar() {
    if (bar_) fmt::print(stderr, "\r\033[K");
}

void Progress::drawBar() {
    if (!bar_) return;
    // Modules in progress count for the share of their partitions that is done.
    double done = double(modulesDone_);
    std::string detail;
    for (const auto& [module, parts] : partitions_) {
        done += double(parts.first) / parts.second;
        if (detail.empty())
            detail = fmt::format("  {}: codegen {}/{}", std::filesystem::path(module).filename().string(),
                                 parts.first, parts.second);
    }
    const int filled = modules_ ? int(kBarWidth * done / double(modules_)) : kBarWidth;
    fmt::print(stderr, "\r\033[K[{:=<{}}{: <{}}] {}/{} modules{}", "", filled, "", kBarWidth - filled,
               modulesDone_, modules_, detail);
    std::fflush(stderr);
}

}  // namespace faaslet::cli

#include "compiler/compiler.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "compiler/partitioned_compile.h"

extern char** environ;

namespace faaslet::compiler {

namespace {

using Clock = std::chrono::steady_clock;

// Links the objects into one shared object with lld, run as a child process (no shell).
std::string linkSharedObject(const std::vector<std::filesystem::path>& objects, const std::filesystem::path& output) {
    std::vector<std::string> argv{"ld.lld-19", "-shared", "--hash-style=gnu", "-z", "now", "-z", "noexecstack",
                                  "-o",        output.string()};
    for (const auto& object : objects) argv.push_back(object.string());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid;
    if (int rc = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ); rc != 0)
        return "cannot run ld.lld-19: " + std::string(strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "ld.lld-19 failed to link " + output.string();
    return {};
}

// Writes each object beside `output` (output.0.o, output.1.o, ...), links them and removes them.
std::string linkObjects(const std::vector<std::unique_ptr<llvm::MemoryBuffer>>& objects,
                        const std::filesystem::path& output) {
    std::vector<std::filesystem::path> paths;
    std::string error;
    for (size_t i = 0; i < objects.size() && error.empty(); ++i) {
        std::filesystem::path path = output;
        path += "." + std::to_string(i) + ".o";
        std::ofstream out(path, std::ios::binary);
        out.write(objects[i]->getBufferStart(), std::streamsize(objects[i]->getBufferSize()));
        paths.push_back(path);
        if (!out) error = "cannot write " + path.string();
    }
    if (error.empty()) error = linkSharedObject(paths, output);
    std::error_code ignored;
    for (const auto& path : paths) std::filesystem::remove(path, ignored);
    return error;
}

}  // namespace

CompileResult compile(const wasm::Module& module, const CompileOptions& options, const std::filesystem::path& output) {
    CompileResult result;
    const auto partitions = planPartitions(module);
    auto compiled = compilePartitions(module, partitions, options);
    if (!compiled) {
        result.error = compiled.error().message;
        result.unsupported = compiled.error().unsupported;
        return result;
    }
    result.timings = compiled->timings;
    result.partitions = unsigned(partitions.size());
    for (const auto& object : compiled->objects) result.objectBytes += object->getBufferSize();

    const auto linking = Clock::now();
    result.error = linkObjects(compiled->objects, output);
    result.timings.link = Clock::now() - linking;
    return result;
}

}  // namespace faaslet::compiler

#pragma once
// Test helper: a small shared object built by the host's C compiler from source the test gives,
// for objects the faaslet compiler never makes (constructors, dependencies, IFUNCs, ...).

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace faaslet::test {

// Compiles `source` (C) into `directory`/`name`.so with `flags` added to the link; throws with the
// command if the compiler fails (a test that cannot build its object must not pass).
inline std::filesystem::path buildHostSharedObject(const std::filesystem::path& directory, const std::string& name,
                                                   const std::string& source, const std::string& flags = "") {
    const auto sourcePath = directory / (name + ".c");
    const auto objectPath = directory / (name + ".so");
    {
        std::ofstream out(sourcePath);
        out << source;
        if (!out) throw std::runtime_error("cannot write " + sourcePath.string());
    }
    const std::string command = "clang-19 -shared -fPIC -O1 -o '" + objectPath.string() + "' '" + sourcePath.string() +
                                "' " + flags + " 2>&1";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot build a test object: " + command);
    return objectPath;
}

}  // namespace faaslet::test

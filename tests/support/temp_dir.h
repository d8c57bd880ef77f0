#pragma once
// A private directory under $TMPDIR (or /tmp), made by mkdtemp so that parallel tests never share
// one, and removed with everything in it when the test is done unless kept for a post-mortem.
// The one helper the unit tests and the spec driver share.

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace faaslet::test {

class TempDir {
public:
    // Creates $TMPDIR/PREFIX-XXXXXX. Throws std::runtime_error, naming the pattern and the reason.
    explicit TempDir(std::string_view prefix = "faaslet-test") {
        std::string pattern = (std::filesystem::temp_directory_path() / prefix).string() + "-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary directory " + pattern + ": " +
                                     std::strerror(errno));
        path_ = pattern;
    }
    ~TempDir() {
        if (keep_) return;
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
    // Leaves the directory in place when destroyed.
    void keep() { keep_ = true; }

private:
    std::filesystem::path path_;
    bool keep_ = false;
};

}  // namespace faaslet::test

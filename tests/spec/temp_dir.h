#pragma once
// A private temporary directory (mkdtemp), removed with its contents when destroyed unless kept.

#include <filesystem>
#include <string>

namespace faaslet::spectest {

class TempDir {
public:
    // Creates $TMPDIR/PREFIX-XXXXXX (or /tmp/...). Throws std::runtime_error on failure.
    explicit TempDir(const std::string& prefix);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    void keep() { keep_ = true; }

private:
    std::filesystem::path path_;
    bool keep_ = false;
};

}  // namespace faaslet::spectest

#pragma once
// What precompile and run say while they work. Lines go to stderr (notes, warnings) or stdout
// (results) as they are; on a terminal, a progress bar for the modules and the code-generation
// partitions of the module being compiled stays on stderr's last line, erased before each line is
// printed and drawn again after it. Safe to use from several threads.

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "loader/loader.h"

namespace faaslet::cli {

class Progress : public loader::Listener {
public:
    // `modules`: how many the command will go through. The bar is drawn only when `bar` is set
    // (see stderrIsTerminal).
    Progress(size_t modules, bool bar);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    static bool stderrIsTerminal();

    void note(const std::string& line) override;  // stderr
    void result(const std::string& line);  // stdout
    void partitionsDone(const std::string& module, unsigned done, unsigned total) override;
    void moduleDone(const std::string& module);

private:
    void eraseBar();
    void drawBar();

    std::mutex lock_;
    const size_t modules_;
    const bool bar_;
    size_t modulesDone_ = 0;
    // Modules being compiled: partitions done and in all.
    std::map<std::string, std::pair<unsigned, unsigned>> partitions_;
};

}  // namespace faaslet::cli

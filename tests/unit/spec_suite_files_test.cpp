// The spec driver's file lists: the core suite's folders and the proposals' suites, each sorted,
// reported under their own prefix and read from where they are.

#include <gtest/gtest.h>

#include <fstream>

#include "tests/spec/suite.h"
#include "tests/support/temp_dir.h"

namespace faaslet::spectest {
namespace {

void touch(const std::filesystem::path& file) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << "(module)\n";
}

std::vector<std::string> paths(const std::vector<SuiteFile>& files) {
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(f.path);
    return out;
}

TEST(SpecSuiteFiles, ProposalFoldersInOrderUnderTheirPrefix) {
    test::TempDir dir("faaslet-spec-suite");
    touch(dir / "extended-const/global.wast");
    touch(dir / "extended-const/data.wast");
    touch(dir / "extended-const/README.md");  // not a script
    touch(dir / "exception-handling/legacy/throw.wast");
    touch(dir / "exception-handling/core/tag.wast");
    touch(dir / "memory64/memory.wast");  // a proposal the driver does not run
    const auto files = listProposalFiles(dir.path());
    EXPECT_EQ(paths(files), (std::vector<std::string>{
                                "proposals/extended-const/data.wast",
                                "proposals/extended-const/global.wast",
                                "proposals/exception-handling/core/tag.wast",
                                "proposals/exception-handling/legacy/throw.wast",
                            }));
    ASSERT_FALSE(files.empty());
    EXPECT_EQ(files[0].dir, "proposals");
    EXPECT_EQ(files[0].stem, "data");
    EXPECT_EQ(files[0].source, dir / "extended-const/data.wast");
}

TEST(SpecSuiteFiles, CoreSuitePathsStayAsBefore) {
    test::TempDir dir("faaslet-spec-suite");
    touch(dir / "simd/simd_const.wast");
    touch(dir / "core/i32.wast");
    touch(dir / "core/address.wast");
    const auto files = listSuiteFiles(dir.path());
    EXPECT_EQ(paths(files),
              (std::vector<std::string>{"core/address.wast", "core/i32.wast", "simd/simd_const.wast"}));
    EXPECT_EQ(files[2].source, dir / "simd/simd_const.wast");
}

TEST(SpecSuiteFiles, MissingFoldersListNothing) {
    test::TempDir dir("faaslet-spec-suite");
    EXPECT_TRUE(listProposalFiles(dir.path()).empty());
    EXPECT_TRUE(listProposalFiles(dir / "absent").empty());
    EXPECT_TRUE(listSuiteFiles(dir / "absent").empty());
}

TEST(SpecSuiteFiles, TheArgumentWinsOverTheEnvironment) {
    EXPECT_EQ(locateProposals(std::string("/some/dir")).source, "argument");
    EXPECT_EQ(locateProposals(std::string("/some/dir")).dir, "/some/dir");
}

}  // namespace
}  // namespace faaslet::spectest

// Shared mappings in a linear memory (LinearMemory::growShared, what read_state_ptr uses): the
// same physical pages in two memories, placed where memory.grow never overlaps them, and gone
// after a shrink or a reset to the image.

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/linear_memory.h"
#include "runtime/memory_image.h"

namespace faaslet::runtime {
namespace {

constexpr uint64_t kPage = 65536;

class SharedMapping : public ::testing::Test {
protected:
    void SetUp() override {
        fd = memfd_create("shared-mapping-test", MFD_CLOEXEC);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(ftruncate(fd, 4 * kPage), 0);
    }
    void TearDown() override { close(fd); }
    std::unique_ptr<LinearMemory> memory(uint32_t pages, std::optional<uint32_t> max = std::nullopt) {
        auto made = LinearMemory::create({{pages, max}});
        EXPECT_TRUE(made.ok());
        return std::move(*made);
    }
    int fd = -1;
};

TEST_F(SharedMapping, TwoMemoriesSeeTheSamePages) {
    auto a = memory(1);
    auto b = memory(3);
    auto atA = a->growShared(fd, 0, 2);
    auto atB = b->growShared(fd, kPage, 1);  // the second page only
    ASSERT_TRUE(atA.ok() && atB.ok());
    EXPECT_EQ(*atA, kPage);
    EXPECT_EQ(*atB, 3 * kPage);
    EXPECT_EQ(a->sizeInPages(), 3u);
    a->base()[*atA + kPage + 7] = 42;
    EXPECT_EQ(b->base()[*atB + 7], 42);
    b->base()[*atB + 8] = 43;
    EXPECT_EQ(a->base()[*atA + kPage + 8], 43);
}

TEST_F(SharedMapping, GrowingAfterwardsAddsPagesPastTheMapping) {
    auto m = memory(1);
    auto at = m->growShared(fd, 0, 1);
    ASSERT_TRUE(at.ok());
    m->base()[*at] = 5;
    EXPECT_EQ(m->grow(2), 2u);
    EXPECT_EQ(m->base()[2 * kPage], 0);  // fresh pages, not the file's
    m->base()[2 * kPage] = 9;
    EXPECT_EQ(m->base()[*at], 5);
}

TEST_F(SharedMapping, TheMemoryLimitIsRespected) {
    auto m = memory(1, 2);
    EXPECT_FALSE(m->growShared(fd, 0, 2).ok());
    EXPECT_EQ(m->sizeInPages(), 1u);
    EXPECT_TRUE(m->growShared(fd, 0, 1).ok());
    EXPECT_FALSE(m->growShared(fd, 0, 0).ok());
}

TEST_F(SharedMapping, AResetToTheImageRemovesTheMappingForGood) {
    auto m = memory(1);
    std::vector<uint8_t> contents(kPage, 1);
    auto image = MemoryImage::capture(contents);
    ASSERT_TRUE(image.ok());
    ASSERT_TRUE(m->mapImage(*image).ok());
    auto at = m->growShared(fd, 0, 1);
    ASSERT_TRUE(at.ok());
    m->base()[*at] = 77;
    ASSERT_TRUE(m->resetToImage().ok());
    EXPECT_EQ(m->sizeInPages(), 1u);
    // Grown again, the pages where the mapping was are fresh zeros, not the shared ones.
    EXPECT_EQ(m->grow(1), 1u);
    EXPECT_EQ(m->base()[kPage], 0);
    m->base()[kPage] = 1;
    // And the file kept what was written through the mapping.
    uint8_t byte = 0;
    ASSERT_EQ(pread(fd, &byte, 1, 0), 1);
    EXPECT_EQ(byte, 77);
}

}  // namespace
}  // namespace faaslet::runtime

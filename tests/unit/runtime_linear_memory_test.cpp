// Linear memory: the reservation, growth within the maximum, registration for the signal handler.

#include <gtest/gtest.h>

#include "runtime/address_ranges.h"
#include "runtime/linear_memory.h"

namespace faaslet::runtime {
namespace {

std::unique_ptr<LinearMemory> create(uint32_t min, std::optional<uint32_t> max) {
    auto memory = LinearMemory::create({{min, max}});
    EXPECT_TRUE(memory.ok()) << (memory.ok() ? "" : memory.error().toString());
    return memory.ok() ? std::move(*memory) : nullptr;
}

TEST(RuntimeLinearMemory, InitialPagesAreZeroAndWritable) {
    auto memory = create(2, std::nullopt);
    ASSERT_TRUE(memory);
    EXPECT_EQ(memory->sizeInPages(), 2u);
    EXPECT_EQ(memory->sizeInBytes(), 2u * 65536);
    EXPECT_EQ(memory->bytes().size(), 2u * 65536);
    for (size_t i = 0; i < memory->sizeInBytes(); i += 4096) EXPECT_EQ(memory->base()[i], 0);
    memory->base()[2 * 65536 - 1] = 0x5a;
    EXPECT_EQ(memory->base()[2 * 65536 - 1], 0x5a);
    EXPECT_EQ(memory->abiMemory()->base, memory->base());
    EXPECT_EQ(memory->abiMemory()->size, memory->sizeInBytes());
}

TEST(RuntimeLinearMemory, GrowRespectsTheDeclaredMaximum) {
    auto memory = create(1, 3);
    ASSERT_TRUE(memory);
    uint8_t* base = memory->base();
    EXPECT_EQ(memory->grow(1), 1u);
    EXPECT_EQ(memory->grow(2), uint32_t(-1));
    EXPECT_EQ(memory->sizeInPages(), 2u);
    EXPECT_EQ(memory->grow(1), 2u);
    EXPECT_EQ(memory->grow(0), 3u);
    EXPECT_EQ(memory->grow(1), uint32_t(-1));
    EXPECT_EQ(memory->base(), base);    // the base never moves
    memory->base()[3 * 65536 - 1] = 1;  // the grown pages are writable
    EXPECT_EQ(memory->abiMemory()->size, 3u * 65536);
    EXPECT_EQ(memory->abiMemory()->maxPages, 3u);
}

TEST(RuntimeLinearMemory, WithoutAMaximumGrowthStopsAt4GiB) {
    auto memory = create(0, std::nullopt);
    ASSERT_TRUE(memory);
    EXPECT_EQ(memory->maxPages(), 65536u);
    EXPECT_EQ(memory->grow(65537), uint32_t(-1));
    EXPECT_EQ(memory->grow(0xffffffff), uint32_t(-1));
    EXPECT_EQ(memory->grow(65536), 0u);  // reserved already: only protections change
    EXPECT_EQ(memory->sizeInBytes(), uint64_t(1) << 32);
    EXPECT_EQ(memory->grow(1), uint32_t(-1));
}

TEST(RuntimeLinearMemory, ReportsItsTypeForImportMatching) {
    auto memory = create(1, 5);
    ASSERT_TRUE(memory);
    memory->grow(2);
    EXPECT_EQ(memory->type().limits.min, 3u);
    EXPECT_EQ(memory->type().limits.max, 5u);
    auto unbounded = create(0, std::nullopt);
    EXPECT_FALSE(unbounded->type().limits.max.has_value());
}

TEST(RuntimeLinearMemory, BoundsCheckHelper) {
    auto memory = create(1, std::nullopt);
    ASSERT_TRUE(memory);
    EXPECT_TRUE(memory->inBounds(0, 65536));
    EXPECT_TRUE(memory->inBounds(65536, 0));
    EXPECT_FALSE(memory->inBounds(65536, 1));
    EXPECT_FALSE(memory->inBounds(65537, 0));
    EXPECT_FALSE(memory->inBounds(1, uint64_t(-1)));
}

TEST(RuntimeLinearMemory, TheWholeReservationIsRegisteredWhileTheMemoryLives) {
    auto memory = create(1, std::nullopt);
    ASSERT_TRUE(memory);
    auto base = uintptr_t(memory->base());
    EXPECT_EQ(memoryReservations().find(base), memory.get());
    EXPECT_EQ(memoryReservations().find(base + (uint64_t(1) << 32) + 12345), memory.get());
    EXPECT_EQ(memoryReservations().find(base + LinearMemory::kReservationSize - 1), memory.get());
    EXPECT_NE(memoryReservations().find(base + LinearMemory::kReservationSize), memory.get());
    EXPECT_EQ(memoryReservations().find(base - 1), nullptr);
    memory.reset();
    EXPECT_EQ(memoryReservations().find(base), nullptr);
}

TEST(RuntimeLinearMemory, InvalidLimitsAreErrors) {
    auto inverted = LinearMemory::create({{3, 2}});
    ASSERT_FALSE(inverted.ok());
    EXPECT_EQ(inverted.error().kind, Error::Kind::Resource);
    EXPECT_FALSE(LinearMemory::create({{65537, std::nullopt}}).ok());
}

}  // namespace
}  // namespace faaslet::runtime

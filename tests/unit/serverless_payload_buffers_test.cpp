// The kept payload buffers: large ones come back, the smallest that fits is taken, small ones and
// those past the bounds are freed.

#include "serverless/payload_buffers.h"

#include <gtest/gtest.h>

namespace faaslet::serverless {
namespace {

std::string bufferOf(size_t capacity) {
    std::string buffer;
    buffer.reserve(capacity);
    buffer.assign(capacity / 2, 'x');
    return buffer;
}

TEST(PayloadBuffers, TheSmallestKeptBufferThatFitsIsTakenEmpty) {
    PayloadBuffers buffers;
    buffers.give(bufferOf(size_t(4) << 20));
    buffers.give(bufferOf(size_t(1) << 20));
    std::string taken = buffers.take(size_t(512) << 10);
    EXPECT_TRUE(taken.empty());
    EXPECT_GE(taken.capacity(), size_t(1) << 20);
    EXPECT_LT(taken.capacity(), size_t(4) << 20);
    // What is left is the 4 MiB one; nothing kept fits 8 MiB, so that one is new.
    EXPECT_GE(buffers.take(size_t(2) << 20).capacity(), size_t(4) << 20);
    EXPECT_EQ(buffers.keptBytes(), 0u);
    EXPECT_GE(buffers.take(size_t(8) << 20).capacity(), size_t(8) << 20);
}

TEST(PayloadBuffers, SmallBuffersAndThosePastTheBoundsAreNotKept) {
    PayloadBuffers buffers;
    buffers.give(bufferOf(PayloadBuffers::kSmallest / 2));
    EXPECT_EQ(buffers.keptBytes(), 0u);
    for (size_t i = 0; i < PayloadBuffers::kMaxKept + 4; ++i) buffers.give(bufferOf(PayloadBuffers::kSmallest));
    EXPECT_LE(buffers.keptBytes(), PayloadBuffers::kMaxKept * (PayloadBuffers::kSmallest * 2));
    EXPECT_GE(buffers.keptBytes(), PayloadBuffers::kMaxKept * PayloadBuffers::kSmallest);
    // A larger one still comes in: one of the smallest goes.
    const size_t before = buffers.keptBytes();
    buffers.give(bufferOf(size_t(8) << 20));
    EXPECT_GE(buffers.keptBytes(), before + (size_t(8) << 20) - 2 * PayloadBuffers::kSmallest);
    EXPECT_GE(buffers.take(size_t(8) << 20).capacity(), size_t(8) << 20);
    EXPECT_LT(buffers.keptBytes(), before);
    PayloadBuffers big;
    big.give(bufferOf(PayloadBuffers::kMaxBytes + 1));
    EXPECT_EQ(big.keptBytes(), 0u);
    // A small request never takes a kept buffer.
    EXPECT_LT(buffers.take(16).capacity(), PayloadBuffers::kSmallest);
}

}  // namespace
}  // namespace faaslet::serverless

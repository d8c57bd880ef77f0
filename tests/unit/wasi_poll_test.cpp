// poll_oneoff: clock timeouts (relative and absolute), descriptor readiness, errors as events.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "wasi/functions.h"
#include "wasi_test_support.h"

namespace faaslet::wasi {
namespace {

using namespace testing_support;

class WasiPoll : public ::testing::Test {
protected:
    WasiPoll() {
        WasiConfig config;
        config.stdio = StdioMode::Capture;
        config.stdinData = "abc";
        wasi = std::make_unique<WasiContext>(config);
    }
    void TearDown() override { EXPECT_TRUE(g.canariesIntact()); }

    Guest g;
    std::unique_ptr<WasiContext> wasi;

    void clockSubscription(uint32_t at, uint64_t userdata, uint32_t clock, uint64_t timeout,
                           uint16_t flags = 0) {
        g.memory.write<uint64_t>(at, userdata);
        g.memory.write<uint8_t>(at + 8, preview1::kEventClock);
        g.memory.write<uint32_t>(at + 16, clock);
        g.memory.write<uint64_t>(at + 24, timeout);
        g.memory.write<uint64_t>(at + 32, 0);
        g.memory.write<uint16_t>(at + 40, flags);
    }
    void fdSubscription(uint32_t at, uint64_t userdata, uint8_t type, uint32_t fd) {
        g.memory.write<uint64_t>(at, userdata);
        g.memory.write<uint8_t>(at + 8, type);
        g.memory.write<uint32_t>(at + 16, fd);
    }
    uint64_t monotonicNow() {
        const uint32_t t = g.alloc(8);
        EXPECT_EQ(clockTimeGet(*wasi, g.memory, preview1::kClockMonotonic, 0, t), WasiErrno::Success);
        return g.u64(t);
    }
};

TEST_F(WasiPoll, RelativeClockTimeoutWaitsAtLeastThatLong) {
    const uint32_t in = g.alloc(48), out = g.alloc(32), n = g.alloc(4);
    clockSubscription(in, 0x1234, preview1::kClockMonotonic, 20'000'000);  // 20 ms
    const uint64_t start = monotonicNow();
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 1, n), WasiErrno::Success);
    EXPECT_GE(monotonicNow() - start, 20'000'000u);
    ASSERT_EQ(g.u32(n), 1u);
    EXPECT_EQ(g.u64(out), 0x1234u);
    EXPECT_EQ(*g.memory.read<uint16_t>(out + 8), 0u);
    EXPECT_EQ(*g.memory.read<uint8_t>(out + 10), preview1::kEventClock);
}

TEST_F(WasiPoll, AbsoluteClockDeadlines) {
    const uint32_t in = g.alloc(96), out = g.alloc(64), n = g.alloc(4);
    // One deadline in the past fires at once; one far in the future does not hold it up.
    clockSubscription(in, 1, preview1::kClockMonotonic, 1, preview1::kSubclockAbstime);
    clockSubscription(in + 48, 2, preview1::kClockMonotonic, ~0ull, preview1::kSubclockAbstime);
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 2, n), WasiErrno::Success);
    ASSERT_EQ(g.u32(n), 1u);
    EXPECT_EQ(g.u64(out), 1u);
    // A realtime deadline 10 ms from now.
    const uint32_t t = g.alloc(8);
    ASSERT_EQ(clockTimeGet(*wasi, g.memory, preview1::kClockRealtime, 0, t), WasiErrno::Success);
    clockSubscription(in, 3, preview1::kClockRealtime, g.u64(t) + 10'000'000, preview1::kSubclockAbstime);
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 1, n), WasiErrno::Success);
    ASSERT_EQ(g.u32(n), 1u);
    const uint32_t now = g.alloc(8);
    ASSERT_EQ(clockTimeGet(*wasi, g.memory, preview1::kClockRealtime, 0, now), WasiErrno::Success);
    EXPECT_GE(g.u64(now), g.u64(t) + 10'000'000);
}

TEST_F(WasiPoll, ReadyDescriptorsDoNotWaitForTheClock) {
    const uint32_t in = g.alloc(48 * 3), out = g.alloc(32 * 3), n = g.alloc(4);
    clockSubscription(in, 10, preview1::kClockMonotonic,
                      60'000'000'000ull);  // a minute
    fdSubscription(in + 48, 11, preview1::kEventFdRead, 0);
    fdSubscription(in + 96, 12, preview1::kEventFdWrite, 1);
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 3, n), WasiErrno::Success);
    ASSERT_EQ(g.u32(n), 2u);
    EXPECT_EQ(g.u64(out), 11u);
    EXPECT_EQ(*g.memory.read<uint8_t>(out + 10), preview1::kEventFdRead);
    EXPECT_EQ(g.u64(out + 16), 3u) << "the bytes stdin has left";
    EXPECT_EQ(g.u64(out + 32), 12u);
    EXPECT_EQ(*g.memory.read<uint8_t>(out + 42), preview1::kEventFdWrite);
}

TEST_F(WasiPoll, HostSocketBecomesReadable) {
    int pair[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    UniqueFd peer(pair[1]);
    const uint32_t sock = *wasi->addHostDescriptor(UniqueFd(pair[0]));
    const uint32_t in = g.alloc(96), out = g.alloc(64), n = g.alloc(4);
    fdSubscription(in, 1, preview1::kEventFdRead, sock);
    clockSubscription(in + 48, 2, preview1::kClockMonotonic, 5'000'000);
    // Nothing to read yet: the clock fires.
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 2, n), WasiErrno::Success);
    ASSERT_EQ(g.u32(n), 1u);
    EXPECT_EQ(g.u64(out), 2u);
    ASSERT_EQ(::write(peer.get(), "12345", 5), 5);
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 2, n), WasiErrno::Success);
    ASSERT_GE(g.u32(n), 1u);
    EXPECT_EQ(g.u64(out), 1u);
    EXPECT_EQ(g.u64(out + 16), 5u);
    // The peer hangs up.
    peer.reset();
    std::string drained(5, '\0');
    ASSERT_EQ(::read(pair[0], drained.data(), 5), 5);
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 1, n), WasiErrno::Success);
    ASSERT_EQ(g.u32(n), 1u);
    EXPECT_EQ(*g.memory.read<uint16_t>(out + 24) & preview1::kEventFdReadwriteHangup,
              preview1::kEventFdReadwriteHangup);
}

TEST_F(WasiPoll, BadSubscriptionsBecomeEventsWithErrors) {
    const uint32_t in = g.alloc(48 * 3), out = g.alloc(32 * 3), n = g.alloc(4);
    fdSubscription(in, 1, preview1::kEventFdRead, 77);       // not open
    fdSubscription(in + 48, 2, preview1::kEventFdWrite, 0);  // stdin is not writable
    clockSubscription(in + 96, 3, preview1::kClockThreadCputime,
                      1);  // cannot be waited for
    ASSERT_EQ(pollOneoff(*wasi, g.memory, in, out, 3, n), WasiErrno::Success);
    ASSERT_EQ(g.u32(n), 3u);
    EXPECT_EQ(*g.memory.read<uint16_t>(out + 8), uint16_t(WasiErrno::BadF));
    EXPECT_EQ(*g.memory.read<uint16_t>(out + 32 + 8), uint16_t(WasiErrno::NotCapable));
    EXPECT_EQ(*g.memory.read<uint16_t>(out + 64 + 8), uint16_t(WasiErrno::Inval));
}

TEST_F(WasiPoll, MalformedRequests) {
    const uint32_t in = g.alloc(48), out = g.alloc(32), n = g.alloc(4);
    EXPECT_EQ(pollOneoff(*wasi, g.memory, in, out, 0, n), WasiErrno::Inval) << "waiting for nothing";
    g.memory.write<uint8_t>(in + 8, 7);  // no such event type
    EXPECT_EQ(pollOneoff(*wasi, g.memory, in, out, 1, n), WasiErrno::Inval);
    EXPECT_EQ(pollOneoff(*wasi, g.memory, in, out, 0xffffffff, n), WasiErrno::Fault);
}

TEST_F(WasiPoll, SubscriptionsAndEventsMayOverlap) {
    // The events are written over the subscriptions they answer: those were read first.
    const uint32_t area = g.alloc(96), n = g.alloc(4);
    clockSubscription(area, 5, preview1::kClockMonotonic, 0);
    clockSubscription(area + 48, 6, preview1::kClockMonotonic, 0);
    ASSERT_EQ(pollOneoff(*wasi, g.memory, area, area, 2, n), WasiErrno::Success);
    ASSERT_EQ(g.u32(n), 2u);
    EXPECT_EQ(g.u64(area), 5u);
    EXPECT_EQ(g.u64(area + 32), 6u);
}

}  // namespace
}  // namespace faaslet::wasi

// The state API's functions over a plain memory (no instance): what each returns, every refused
// key, pointer, size, offset and range with its errno, keys scoped by user, and the mapping
// arithmetic (whole 64 KiB pages around the asked range).

#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "state/function_table.h"
#include "state/memory_tier.h"
#include "state/state_functions.h"

namespace faaslet::state {
namespace {

using wasi::WasiErrno;

// Records what it was asked to map and answers with a fixed address (or a refusal).
class RecordingMapper final : public MemoryMapper {
public:
    Expected<uint64_t, std::string> mapShared(int fd, uint64_t offset, uint64_t length) override {
        ++calls;
        lastFd = fd;
        lastOffset = offset;
        lastLength = length;
        if (refuse) return std::string("no room");
        return uint64_t(0x100000);
    }
    int calls = 0;
    int lastFd = -1;
    uint64_t lastOffset = 0;
    uint64_t lastLength = 0;
    bool refuse = false;
};

class StateFunctions : public ::testing::Test {
protected:
    StateFunctions() : memoryBytes(1 << 20), memory(memoryBytes), tier(std::shared_ptr<GlobalTier>(std::move(*MemoryTier::open()))) {}

    // A NUL-terminated string at `address` of the memory.
    uint32_t put(uint32_t address, std::string_view text) {
        std::memcpy(memoryBytes.data() + address, text.data(), text.size());
        memoryBytes[address + text.size()] = 0;
        return address;
    }
    WasiErrno code(const StateResult<int32_t>& r) { return r.ok() ? WasiErrno::Success : r.error().code; }

    std::vector<uint8_t> memoryBytes;
    wasi::GuestMemory memory;
    LocalTier tier;
    StateCall alice{tier, "alice", true};
    StateCall bob{tier, "bob", true};
    RecordingMapper mapper;
    static constexpr uint32_t kKey = 16, kData = 4096, kBuffer = 8192;
};

TEST_F(StateFunctions, WholeValuesAreWrittenReadAndSized) {
    put(kKey, "greeting");
    put(kData, "hello");
    ASSERT_TRUE(writeState(alice, memory, kKey, kData, 5).ok());
    EXPECT_EQ(*readState(alice, memory, kKey, kBuffer, 0), 5);  // bufferLen 0: the size
    EXPECT_EQ(*readState(alice, memory, kKey, kBuffer, 3), 3);
    EXPECT_EQ(std::string_view(reinterpret_cast<char*>(&memoryBytes[kBuffer]), 3), "hel");
    EXPECT_EQ(*stateSize(alice, memory, kKey), 5);
    EXPECT_EQ(tier.counters().copiedIn, 5u);
    EXPECT_EQ(tier.counters().copiedOut, 3u);
}

TEST_F(StateFunctions, OneUserNeverReachesAnothersKeys) {
    put(kKey, "secret");
    put(kData, "alice's");
    ASSERT_TRUE(writeState(alice, memory, kKey, kData, 7).ok());
    ASSERT_TRUE(pushState(alice, memory, kKey).ok());
    EXPECT_EQ(code(readState(bob, memory, kKey, kBuffer, 16)), WasiErrno::NoEnt);
    EXPECT_EQ(code(stateSize(bob, memory, kKey)), WasiErrno::NoEnt);
    EXPECT_EQ(code(pullState(bob, memory, kKey, 7)), WasiErrno::NoEnt);
    // A key naming another user's scope is only a key of bob's own.
    put(kKey + 64, "alice/secret");
    EXPECT_EQ(code(readState(bob, memory, kKey + 64, kBuffer, 16)), WasiErrno::NoEnt);
    put(kData, "bob's!!");
    ASSERT_TRUE(writeState(bob, memory, kKey, kData, 7).ok());
    EXPECT_EQ(*readState(alice, memory, kKey, kBuffer, 16), 7);
    EXPECT_EQ(std::string_view(reinterpret_cast<char*>(&memoryBytes[kBuffer]), 7), "alice's");
}

TEST_F(StateFunctions, BadKeysAreRefused) {
    put(kData, "x");
    put(kKey, "");
    EXPECT_EQ(code(writeState(alice, memory, kKey, kData, 1)), WasiErrno::Inval);
    put(kKey, std::string(256, 'k'));
    auto tooLong = writeState(alice, memory, kKey, kData, 1);
    EXPECT_EQ(code(tooLong), WasiErrno::Inval);
    EXPECT_NE(tooLong.error().message.find("longer than 255"), std::string::npos) << tooLong.error().message;
    put(kKey, std::string(255, 'k'));
    EXPECT_TRUE(writeState(alice, memory, kKey, kData, 1).ok());
    put(kKey, "two words");
    EXPECT_EQ(code(writeState(alice, memory, kKey, kData, 1)), WasiErrno::Inval);
    EXPECT_EQ(code(writeState(alice, memory, uint32_t(memoryBytes.size()), kData, 1)), WasiErrno::Fault);
    // A key running into the end of memory without its NUL.
    const uint32_t end = uint32_t(memoryBytes.size() - 4);
    std::memset(&memoryBytes[end], 'k', 4);
    EXPECT_EQ(code(writeState(alice, memory, end, kData, 1)), WasiErrno::Fault);
}

TEST_F(StateFunctions, BadPointersSizesOffsetsAndRangesAreRefused) {
    put(kKey, "v");
    const uint32_t outside = uint32_t(memoryBytes.size() - 2);
    EXPECT_EQ(code(writeState(alice, memory, kKey, outside, 4)), WasiErrno::Fault);
    EXPECT_EQ(code(writeState(alice, memory, kKey, kData, 0)), WasiErrno::Inval);
    ASSERT_TRUE(writeState(alice, memory, kKey, kData, 8).ok());
    EXPECT_EQ(code(writeState(alice, memory, kKey, kData, 9)), WasiErrno::Inval);  // not its size
    EXPECT_EQ(code(readState(alice, memory, kKey, outside, 4)), WasiErrno::Fault);
    EXPECT_EQ(code(readStateOffset(alice, memory, kKey, 8, 4, kBuffer, 5)), WasiErrno::Range);
    EXPECT_EQ(code(readStateOffset(alice, memory, kKey, 8, 9, kBuffer, 0)), WasiErrno::Range);
    EXPECT_EQ(*readStateOffset(alice, memory, kKey, 8, 8, kBuffer, 0), 0);  // the end itself
    EXPECT_EQ(code(readStateOffset(alice, memory, kKey, 9, 0, kBuffer, 1)), WasiErrno::Inval);
    EXPECT_EQ(code(readStateOffset(alice, memory, kKey, 8, 0, outside, 4)), WasiErrno::Fault);
    EXPECT_EQ(code(writeStateOffset(alice, memory, kKey, 8, 0xfffffffcu, kData, 8)), WasiErrno::Range);
    EXPECT_EQ(code(writeStateOffset(alice, memory, kKey, 8, 7, kData, 2)), WasiErrno::Range);
    EXPECT_EQ(code(flagStateDirty(alice, memory, kKey, 8, 8, 1)), WasiErrno::Range);
    put(kKey + 8, "fresh");
    EXPECT_EQ(code(writeStateOffset(alice, memory, kKey + 8, 0, 0, kData, 0)), WasiErrno::Inval);
    EXPECT_EQ(code(writeStateOffset(alice, memory, kKey + 8, 0x7fffffff, 0, kData, 1)), WasiErrno::Inval);
    EXPECT_EQ(code(pullState(alice, memory, kKey, 0)), WasiErrno::Inval);
    put(kKey + 16, "absent");
    EXPECT_EQ(code(readState(alice, memory, kKey + 16, kBuffer, 4)), WasiErrno::NoEnt);
    EXPECT_EQ(code(pushState(alice, memory, kKey + 16)), WasiErrno::NoEnt);
    EXPECT_EQ(code(pullState(alice, memory, kKey + 16, 8)), WasiErrno::NoEnt);
    EXPECT_EQ(code(readStateOffset(alice, memory, kKey + 16, 8, 6, kBuffer, 4)), WasiErrno::Range);
    // No refusal left a value behind, nor changed one.
    EXPECT_EQ(code(stateSize(alice, memory, kKey + 16)), WasiErrno::NoEnt);
    EXPECT_EQ(*readState(alice, memory, kKey, kBuffer, 0), 8);
}

TEST_F(StateFunctions, PartialPushesSendOnlyWhatWasWritten) {
    put(kKey, "v");
    ASSERT_TRUE(writeStateOffset(alice, memory, kKey, 100'000, 0, kData, 1).ok());
    EXPECT_EQ(*pushStatePartial(alice, memory, kKey), 4096);
    ASSERT_TRUE(writeStateOffset(alice, memory, kKey, 100'000, 99'999, kData, 1).ok());
    ASSERT_TRUE(flagStateDirty(alice, memory, kKey, 100'000, 50'000, 1).ok());
    EXPECT_EQ(*pushStatePartial(alice, memory, kKey), 4096 + (100'000 - 24 * 4096));
    EXPECT_EQ(*pushStatePartial(alice, memory, kKey), 0);
}

TEST_F(StateFunctions, AppendedEntriesAreReadBackAndMustFitTheBuffer) {
    put(kKey, "list");
    put(kData, "abcd");
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(appendState(alice, memory, kKey, kData, 4).ok());
    EXPECT_EQ(*readAppendedState(alice, memory, kKey, kBuffer, 8, 2), 8);
    EXPECT_EQ(code(readAppendedState(alice, memory, kKey, kBuffer, 8, 3)), WasiErrno::Range);
    EXPECT_EQ(*readAppendedState(alice, memory, kKey, kBuffer, 100, 10), 12);  // fewer than asked
    EXPECT_EQ(code(appendState(alice, memory, kKey, uint32_t(memoryBytes.size()), 4)), WasiErrno::Fault);
    ASSERT_TRUE(clearAppendedState(alice, memory, kKey).ok());
    EXPECT_EQ(*readAppendedState(alice, memory, kKey, kBuffer, 100, 10), 0);
}

TEST_F(StateFunctions, LocksAreCheckedAndReleasedAtTheEndOfTheCall) {
    put(kKey, "l");
    EXPECT_EQ(code(unlockState(alice, memory, kKey, LockKind::LocalWrite)), WasiErrno::Perm);
    ASSERT_TRUE(lockState(alice, memory, kKey, LockKind::LocalWrite).ok());
    EXPECT_EQ(code(lockState(alice, memory, kKey, LockKind::LocalRead)), WasiErrno::DeadLk);
    EXPECT_EQ(code(unlockState(alice, memory, kKey, LockKind::LocalRead)), WasiErrno::Perm);  // not that kind
    // Users' locks are as separate as their values.
    ASSERT_TRUE(lockState(bob, memory, kKey, LockKind::LocalWrite).ok());
    alice.endCall();
    bob.endCall();
    StateCall other(tier, "alice", true);
    EXPECT_TRUE(lockState(other, memory, kKey, LockKind::LocalWrite).ok());
    ASSERT_TRUE(lockState(alice, memory, kKey, LockKind::Global).ok());
    EXPECT_EQ(code(lockState(alice, memory, kKey, LockKind::Global)), WasiErrno::DeadLk);
    ASSERT_TRUE(unlockState(alice, memory, kKey, LockKind::Global).ok());
    EXPECT_EQ(code(unlockState(alice, memory, kKey, LockKind::Global)), WasiErrno::Perm);
}

TEST_F(StateFunctions, MappingsCoverWholePagesAroundTheRangeOnce) {
    put(kKey, "m");
    const uint32_t total = 5 * 65536;
    auto address = readStatePtr(alice, memory, mapper, kKey, total, 70'000, 100'000);
    ASSERT_TRUE(address.ok());
    EXPECT_EQ(mapper.lastOffset, 65536u);
    EXPECT_EQ(mapper.lastLength, 2u * 65536);  // pages 1 and 2 hold bytes 70,000 to 169,999
    EXPECT_EQ(uint32_t(*address), 0x100000u + (70'000 - 65536));
    // Inside that mapping again: the same address, no new mapping.
    EXPECT_EQ(uint32_t(*readStatePtr(alice, memory, mapper, kKey, total, 80'000, 10)), 0x100000u + (80'000 - 65536));
    EXPECT_EQ(mapper.calls, 1);
    alice.endCall();  // a new call maps again
    ASSERT_TRUE(readStatePtr(alice, memory, mapper, kKey, total, 80'000, 10).ok());
    EXPECT_EQ(mapper.calls, 2);
}

TEST_F(StateFunctions, MappingsAreRefusedWithReasons) {
    put(kKey, "m");
    ASSERT_TRUE(writeStateOffset(alice, memory, kKey, 100, 0, kData, 1).ok());  // a value of 100 bytes
    EXPECT_EQ(code(readStatePtr(alice, memory, mapper, kKey, 100, 90, 11)), WasiErrno::Range);
    EXPECT_EQ(code(readStatePtr(alice, memory, mapper, kKey, 100, 0, 0)), WasiErrno::Inval);
    EXPECT_EQ(code(readStatePtr(alice, memory, mapper, kKey, 200, 0, 200)), WasiErrno::Inval);  // size 100
    mapper.refuse = true;
    EXPECT_EQ(code(readStatePtr(alice, memory, mapper, kKey, 100, 0, 100)), WasiErrno::NoMem);
    StateCall init(tier, "alice", false);
    EXPECT_EQ(code(readStatePtr(init, memory, mapper, kKey, 100, 0, 100)), WasiErrno::NotSup);
}

TEST_F(StateFunctions, TheTableListsFaasmsNamesOnce) {
    std::set<std::string_view> names;
    for (const StateFunction& f : stateFunctions()) EXPECT_TRUE(names.insert(f.name).second) << f.name;
    for (const char* name : {"__faasm_read_state", "__faasm_read_state_offset", "__faasm_write_state",
                             "__faasm_write_state_offset", "__faasm_read_state_ptr", "__faasm_read_state_offset_ptr",
                             "__faasm_flag_state_dirty", "__faasm_flag_state_offset_dirty", "__faasm_push_state",
                             "__faasm_push_state_partial", "__faasm_pull_state", "__faasm_append_state",
                             "__faasm_read_appended_state", "__faasm_clear_appended_state",
                             "__faasm_lock_state_read", "__faasm_unlock_state_read", "__faasm_lock_state_write",
                             "__faasm_unlock_state_write", "__faasm_lock_state_global",
                             "__faasm_unlock_state_global", "__faasm_read_state_size"})
        EXPECT_NE(findStateFunction(name), nullptr) << name;
    EXPECT_TRUE(findStateFunction("__faasm_read_state_ptr")->returnsPointer);
}

}  // namespace
}  // namespace faaslet::state

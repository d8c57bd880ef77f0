// Interruption: another thread raises the flag compiled code polls; the call traps with
// Interrupted and the instance and thread keep working.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "runtime/instance.h"
#include "runtime/linear_memory.h"
#include "runtime/store.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

using abi::TrapCode;
namespace mf = memory_fixture;

class RuntimeInterrupt : public ::testing::Test {
protected:
    void SetUp() override {
        auto instance = store_.instantiate(load("memory_fixture", memoryModule()), {});
        ASSERT_TRUE(instance.ok()) << instance.error().toString();
        instance_ = *instance;
    }
    Store store_;
    Instance* instance_ = nullptr;
};

TEST_F(RuntimeInterrupt, AnotherThreadStopsARunawayLoop) {
    std::atomic_ref<uint8_t> running(instance_->memory(0)->base()[0]);
    std::thread watchdog([&] {
        // The loop stores 1 at address 0 before it starts polling.
        while (running.load() == 0) std::this_thread::yield();
        instance_->interrupt();
    });
    CallResult result = instance_->callFunction(mf::Spin, {});
    watchdog.join();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, TrapCode::Interrupted);
    EXPECT_EQ(result.error().message, "interrupted");
    ASSERT_FALSE(result.error().backtrace.empty());
    EXPECT_EQ(result.error().backtrace[0].name, "spin");
    // The trap consumed the request: the next call runs.
    EXPECT_FALSE(instance_->interruptRequested());
    CallResult next = instance_->callFunction(mf::Load32, {i32(0)});
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->at(0).i32, 1u);
}

TEST_F(RuntimeInterrupt, ARequestBeforeTheCallStopsItAtTheFirstPoll) {
    instance_->interrupt();
    EXPECT_TRUE(instance_->interruptRequested());
    CallResult result = instance_->callFunction(mf::Spin, {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, TrapCode::Interrupted);
}

TEST_F(RuntimeInterrupt, ClearWithdrawsARequest) {
    instance_->interrupt();
    instance_->clearInterrupt();
    EXPECT_FALSE(instance_->interruptRequested());
    EXPECT_TRUE(instance_->callFunction(mf::Load32, {i32(0)}).ok());
}

}  // namespace
}  // namespace faaslet::runtime::test

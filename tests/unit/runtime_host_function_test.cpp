// Host functions made from callbacks and from native code, called by the runtime through their
// thunks (compiled code calling them is covered by runtime_instance_test).

#include <gtest/gtest.h>

#include "runtime/host_function.h"
#include "runtime/invoke.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

using abi::TrapCode;

TEST(RuntimeHostFunction, CallbackThroughItsThunk) {
    abi::InstanceContext* seenContext = reinterpret_cast<abi::InstanceContext*>(1);
    auto function = HostFunction::create(
        funcType({ValType::I32, ValType::I64, ValType::F32, ValType::F64}, {ValType::F64, ValType::I32}),
        [&](HostCall& call, std::span<const abi::Value> args, std::span<abi::Value> results) {
            seenContext = call.context;
            results[0].f64 = double(args[0].i32) + double(args[1].i64) + args[2].f32 + args[3].f64;
            results[1].i32 = 7;
            return std::optional<Trap>();
        });
    ASSERT_TRUE(function.ok()) << function.error().toString();
    abi::Value args[4] = {};
    args[0].i32 = 1;
    args[1].i64 = 2;
    args[2].f32 = 0.5f;
    args[3].f64 = 0.25;
    CallResult result = invoke((*function)->asExtern(), args);
    ASSERT_TRUE(result.ok()) << result.error().toString();
    EXPECT_EQ(result->at(0).f64, 3.75);
    EXPECT_EQ(result->at(1).i32, 7u);
    EXPECT_EQ(seenContext, nullptr);  // not imported by any instance
    EXPECT_EQ(functionType((*function)->asExtern()), (*function)->type());
}

TEST(RuntimeHostFunction, ItsNativeEntryFollowsTheAbi) {
    auto function =
        HostFunction::create(funcType({ValType::I64, ValType::I32}, {ValType::I64}),
                             [](HostCall&, std::span<const abi::Value> args, std::span<abi::Value> results) {
                                 results[0].i64 = args[0].i64 * 3 + args[1].i32;
                                 return std::optional<Trap>();
                             });
    ASSERT_TRUE(function.ok());
    // Compiled code calls ref.code(ctx, params...) directly.
    auto code = reinterpret_cast<int64_t (*)(abi::InstanceContext*, int64_t, int32_t)>(
        const_cast<void*>((*function)->ref().code));
    EXPECT_EQ(code(nullptr, 1ll << 40, 5), 3ll * (1ll << 40) + 5);
    EXPECT_EQ((*function)->typeId(), (*function)->ref().typeId);
}

TEST(RuntimeHostFunction, ATrapFromTheCallbackStopsTheCall) {
    auto function = HostFunction::create(funcType({}, {}), [](HostCall&, auto, auto) {
        return std::optional<Trap>(Trap::of(TrapCode::HostTrap, "exit code 3"));
    });
    ASSERT_TRUE(function.ok());
    CallResult result = invoke((*function)->asExtern(), {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "exit code 3");
}

extern "C" double nativeScale(abi::InstanceContext*, double x, int32_t factor) {
    return x * factor;
}

TEST(RuntimeHostFunction, NativeFunctionThroughItsThunk) {
    auto function = HostFunction::fromNative(funcType({ValType::F64, ValType::I32}, {ValType::F64}),
                                             reinterpret_cast<const void*>(nativeScale));
    ASSERT_TRUE(function.ok());
    abi::Value args[2] = {};
    args[0].f64 = 1.5;
    args[1].i32 = uint32_t(-2);
    CallResult result = invoke((*function)->asExtern(), args);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->at(0).f64, -3.0);
    EXPECT_EQ((*function)->ref().code, reinterpret_cast<const void*>(nativeScale));
}

TEST(RuntimeHostFunction, V128SignaturesAreUnsupported) {
    auto function = HostFunction::create(funcType({ValType::V128}, {}),
                                         [](HostCall&, auto, auto) { return std::optional<Trap>(); });
    ASSERT_FALSE(function.ok());
    EXPECT_EQ(function.error().kind, Error::Kind::Unsupported);
    EXPECT_NE(function.error().message.find("v128"), std::string::npos);
}

TEST(RuntimeHostFunction, ArgumentCountIsChecked) {
    auto function = HostFunction::create(funcType({ValType::I32}, {}),
                                         [](HostCall&, auto, auto) { return std::optional<Trap>(); });
    ASSERT_TRUE(function.ok());
    CallResult result = invoke((*function)->asExtern(), {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, TrapCode::HostTrap);
}

}  // namespace
}  // namespace faaslet::runtime::test

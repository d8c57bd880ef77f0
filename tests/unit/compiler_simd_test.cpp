// The SIMD lowering (compiler/simd_ops.h). The spec suite runs every instruction on this
// host; what it cannot reach are the lowerings the host does not pick: the operations that use
// an SSSE3/SSE4.1 instruction when CPUID has one and generic IR otherwise (swizzle, q15mulr,
// narrowing, pairwise add), and on a baseline CPU the x86 instructions the f32 trunc_sat relies on. Here each
// of those is JIT-compiled in every configuration (the host's features, no features on the host CPU, no
// features on a baseline x86-64 CPU, each as emitted and after O2) and checked lane by lane against a scalar
// reference of the spec's definition. Also: every SIMD opcode other than loads and stores lowers to a value
// of its result type, and fast-math flags never leak in.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "compiler/simd_ops.h"
#include "compiler/target.h"
#include "fmt/format.h"
#include "tests/unit/llvm_o2.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/SubtargetFeature.h"

namespace faaslet::compiler {
namespace {

using wasm::Opcode;
using wasm::OperandType;
using Bytes = std::array<uint8_t, 16>;

template <typename T>
T lane(const Bytes& v, int i) {
    T x;
    std::memcpy(&x, v.data() + i * sizeof(T), sizeof(T));
    return x;
}
template <typename T>
void setLane(Bytes& v, int i, T x) {
    std::memcpy(v.data() + i * sizeof(T), &x, sizeof(T));
}
int64_t clamp(int64_t v, int64_t lo, int64_t hi) {
    return std::min(std::max(v, lo), hi);
}

// ---- the spec's definitions -------------------------------------------------------------------

Bytes swizzle(const Bytes& a, const Bytes& s) {
    Bytes r{};
    for (int i = 0; i < 16; ++i) r[i] = s[i] < 16 ? a[s[i]] : 0;
    return r;
}

Bytes q15mulr(const Bytes& a, const Bytes& b) {
    Bytes r{};
    for (int i = 0; i < 8; ++i) {
        int32_t product = int32_t(lane<int16_t>(a, i)) * lane<int16_t>(b, i);
        setLane<int16_t>(r, i, int16_t(clamp((product + 0x4000) >> 15, INT16_MIN, INT16_MAX)));
    }
    return r;
}

template <typename From, typename To>
Bytes narrow(const Bytes& a, const Bytes& b) {
    Bytes r{};
    constexpr int n = 16 / sizeof(From);
    for (int i = 0; i < n; ++i) {
        setLane<To>(
            r, i,
            To(clamp(lane<From>(a, i), std::numeric_limits<To>::min(), std::numeric_limits<To>::max())));
        setLane<To>(
            r, i + n,
            To(clamp(lane<From>(b, i), std::numeric_limits<To>::min(), std::numeric_limits<To>::max())));
    }
    return r;
}

template <typename From, typename To>
Bytes pairwise(const Bytes& a, const Bytes&) {
    Bytes r{};
    for (int i = 0; i < int(16 / sizeof(To)); ++i)
        setLane<To>(r, i, To(To(lane<From>(a, 2 * i)) + lane<From>(a, 2 * i + 1)));
    return r;
}

template <bool isSigned>
Bytes truncSat(const Bytes& a, const Bytes&) {
    Bytes r{};
    for (int i = 0; i < 4; ++i) {
        const double x = lane<float>(a, i);
        const double low = isSigned ? -2147483648.0 : 0.0;
        const double high = isSigned ? 2147483648.0 : 4294967296.0;
        const int64_t value = std::isnan(x) ? 0
                              : x <= low    ? int64_t(low)
                              : x >= high   ? int64_t(high) - 1
                                            : int64_t(x);
        setLane<uint32_t>(r, i, uint32_t(value));
    }
    return r;
}

struct TargetDependent {
    Opcode op;
    std::function<Bytes(const Bytes&, const Bytes&)> reference;
};

const TargetDependent kOps[] = {
    {Opcode::I8x16Swizzle, swizzle},
    {Opcode::I16x8Q15mulrSatS, q15mulr},
    {Opcode::I8x16NarrowI16x8S, narrow<int16_t, int8_t>},
    {Opcode::I8x16NarrowI16x8U, narrow<int16_t, uint8_t>},
    {Opcode::I16x8NarrowI32x4S, narrow<int32_t, int16_t>},
    {Opcode::I16x8NarrowI32x4U, narrow<int32_t, uint16_t>},
    {Opcode::I16x8ExtaddPairwiseI8x16S, pairwise<int8_t, int16_t>},
    {Opcode::I16x8ExtaddPairwiseI8x16U, pairwise<uint8_t, uint16_t>},
    {Opcode::I32x4ExtaddPairwiseI16x8S, pairwise<int16_t, int32_t>},
    {Opcode::I32x4ExtaddPairwiseI16x8U, pairwise<uint16_t, uint32_t>},
    // Not target-dependent, but built on cvttps2dq's out-of-range behaviour.
    {Opcode::I32x4TruncSatF32x4S, truncSat<true>},
    {Opcode::I32x4TruncSatF32x4U, truncSat<false>},
};

// Edge lanes of every width (0, +-1, the extremes, the values pack and pmulhrsw saturate at),
// swizzle indices on both sides of 16 and with the top bit set, then pseudo-random vectors.
std::vector<Bytes> inputs() {
    std::vector<Bytes> v;
    const uint16_t edges16[] = {0,      1,      0x7fff, 0x8000, 0xffff, 0x00ff,
                                0x0100, 0xff80, 0xff7f, 0x4000, 0xc000, 0x8001};
    const uint32_t edges32[] = {0,          1,          0x7fffffff, 0x80000000, 0xffffffff,
                                0x0000ffff, 0x00010000, 0xffff8000, 0x7fff};
    for (int k = 0; k < 12; ++k) {
        Bytes b{};
        for (int i = 0; i < 8; ++i) setLane<uint16_t>(b, i, edges16[(k + i * 5) % 12]);
        v.push_back(b);
    }
    for (int k = 0; k < 9; ++k) {
        Bytes b{};
        for (int i = 0; i < 4; ++i) setLane<uint32_t>(b, i, edges32[(k + i * 2) % 9]);
        v.push_back(b);
    }
    const float edgeFloats[] = {
        0.0f,          -0.0f,  2147483520.0f, 2147483648.0f, -2147483648.0f, -2147483904.0f, 4294967040.0f,
        4294967296.0f, -0.99f, 1.5f,          NAN,           -INFINITY,      INFINITY,       -1.0f};
    for (int k = 0; k < 7; ++k) {
        Bytes b{};
        for (int i = 0; i < 4; ++i) setLane<float>(b, i, edgeFloats[(k * 2 + i) % 14]);
        v.push_back(b);
    }
    Bytes indices{};
    for (int i = 0; i < 16; ++i)
        indices[i] = uint8_t(std::array<int, 8>{0, 15, 16, 17, 31, 0x70, 0x80, 0xff}[i % 8] ^ (i & 1));
    v.push_back(indices);
    uint32_t state = 99;
    for (int k = 0; k < 24; ++k) {
        Bytes b{};
        for (auto& byte : b) byte = uint8_t((state = state * 1103515245u + 12345u) >> 23);
        if (k % 3 == 0)
            for (auto& byte : b) byte &= 0x1f;  // mostly in-range swizzle indices
        v.push_back(b);
    }
    return v;
}

struct Config {
    const char* name;
    bool hostCpu;   // else a baseline x86-64 CPU without features
    bool hostSimd;  // SimdTarget from the host's features, else none
    bool optimize;
};

const Config kConfigs[] = {
    {"HostFeatures", true, true, false},   {"HostFeaturesO2", true, true, true},
    {"GenericOnHost", true, false, false}, {"GenericOnHostO2", true, false, true},
    {"BaselineX86", false, false, false},  {"BaselineX86O2", false, false, true},
};

using BinaryFn = void (*)(const uint8_t* x, const uint8_t* y, uint8_t* result);

class SimdTargetDependent : public testing::TestWithParam<Config> {
protected:
    static void SetUpTestSuite() {
        llvm::InitializeNativeTarget();
        llvm::InitializeNativeTargetAsmPrinter();
    }
};

TEST_P(SimdTargetDependent, MatchesTheSpec) {
    const Config& config = GetParam();
    auto machine = llvm::orc::JITTargetMachineBuilder::detectHost();
    ASSERT_TRUE(bool(machine)) << llvm::toString(machine.takeError());
    if (!config.hostCpu) {
        machine->setCPU("x86-64");
        machine->getFeatures() = llvm::SubtargetFeatures();
    }
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*machine)).create();
    ASSERT_TRUE(bool(jit)) << llvm::toString(jit.takeError());
    const SimdTarget target =
        config.hostSimd ? SimdTarget{hostHasFeature("ssse3"), hostHasFeature("sse4.1")} : SimdTarget{};

    auto context = std::make_unique<llvm::LLVMContext>();
    auto module = std::make_unique<llvm::Module>("simd_test", *context);
    module->setDataLayout((*jit)->getDataLayout());
    module->setTargetTriple((*jit)->getTargetTriple().str());
    llvm::IRBuilder<> b(*context);
    for (size_t k = 0; k < std::size(kOps); ++k) {
        // op_<k>(x, y, result): loads the v128 operands, stores the result.
        auto* type =
            llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy(), b.getPtrTy(), b.getPtrTy()}, false);
        auto* fn =
            llvm::Function::Create(type, llvm::Function::ExternalLinkage, fmt::format("op_{}", k), *module);
        b.SetInsertPoint(llvm::BasicBlock::Create(*context, "entry", fn));
        wasm::Instruction ins;
        ins.op = kOps[k].op;
        const size_t arity = wasm::info(ins.op).params[1] == OperandType::None ? 1 : 2;
        std::vector<llvm::Value*> operands;
        for (size_t i = 0; i < arity; ++i)
            operands.push_back(
                b.CreateAlignedLoad(v128Type(*context), fn->getArg(unsigned(i)), llvm::Align(1)));
        b.CreateAlignedStore(emitSimdOp(b, ins, operands, target), fn->getArg(2), llvm::Align(1));
        b.CreateRetVoid();
    }
    std::string errors;
    llvm::raw_string_ostream errorStream(errors);
    ASSERT_FALSE(llvm::verifyModule(*module, &errorStream)) << errors;
    if (config.optimize) test::optimizeWithLlvmO2(*module);
    llvm::Error added =
        (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)));
    ASSERT_FALSE(bool(added)) << llvm::toString(std::move(added));

    const std::vector<Bytes> values = inputs();
    for (size_t k = 0; k < std::size(kOps); ++k) {
        auto address = (*jit)->lookup(fmt::format("op_{}", k));
        ASSERT_TRUE(bool(address)) << llvm::toString(address.takeError());
        auto fn = address->toPtr<BinaryFn>();
        int failures = 0;
        for (const Bytes& x : values) {
            for (const Bytes& y : values) {
                Bytes got{};
                fn(x.data(), y.data(), got.data());
                const Bytes expected = kOps[k].reference(x, y);
                if (got != expected && ++failures <= 3) {
                    ADD_FAILURE() << wasm::toString(kOps[k].op) << " [" << config.name
                                  << "] lane bytes differ at "
                                  << (std::mismatch(got.begin(), got.end(), expected.begin()).first -
                                      got.begin());
                }
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Configs, SimdTargetDependent, testing::ValuesIn(kConfigs),
                         [](const testing::TestParamInfo<Config>& info) {
                             return std::string(info.param.name);
                         });

// ---- the interface ------------------------------------------------------------------------------

llvm::Type* typeOf(llvm::LLVMContext& context, OperandType t) {
    switch (t) {
        case OperandType::I32: return llvm::Type::getInt32Ty(context);
        case OperandType::I64: return llvm::Type::getInt64Ty(context);
        case OperandType::F32: return llvm::Type::getFloatTy(context);
        case OperandType::F64: return llvm::Type::getDoubleTy(context);
        case OperandType::V128: return v128Type(context);
        default: return nullptr;
    }
}

const Opcode kAllOpcodes[] = {
#define WASM_OP(name, prefix, code, text, imm, n, p1, p2, p3, result) Opcode::name,
#include "wasm/module/opcodes.def"
#undef WASM_OP
};

// Every 0xFD instruction but the loads and stores (which FunctionEmitter lowers itself) gives a
// value of its result type, in the block it started in, and no fast-math flag although the
// caller's builder carries them all.
TEST(SimdOps, EveryOpcodeLowersStrictlyToItsResultType) {
    llvm::LLVMContext context;
    llvm::Module module("m", context);
    llvm::IRBuilder<> b(context);
    auto* v128 = v128Type(context);
    auto* fn = llvm::Function::Create(
        llvm::FunctionType::get(
            b.getVoidTy(),
            {v128, v128, v128, b.getInt32Ty(), b.getInt64Ty(), b.getFloatTy(), b.getDoubleTy()}, false),
        llvm::Function::ExternalLinkage, "f", module);
    auto* entry = llvm::BasicBlock::Create(context, "entry", fn);
    b.SetInsertPoint(entry);
    llvm::FastMathFlags fast;
    fast.setFast();
    b.setFastMathFlags(fast);
    auto argumentOf = [&](OperandType t, int index) -> llvm::Value* {
        switch (t) {
            case OperandType::V128: return fn->getArg(unsigned(index));
            case OperandType::I32: return fn->getArg(3);
            case OperandType::I64: return fn->getArg(4);
            case OperandType::F32: return fn->getArg(5);
            default: return fn->getArg(6);
        }
    };
    size_t lowered = 0;
    for (Opcode op : kAllOpcodes) {
        const wasm::OpcodeInfo& info = wasm::info(op);
        if (info.prefix != 0xfd || info.immediate == wasm::Immediate::MemArg ||
            info.immediate == wasm::Immediate::MemArgLane)
            continue;
        wasm::Instruction ins;
        ins.op = op;
        ins.lane = 1;
        for (int i = 0; i < 16; ++i) ins.bytes[i] = uint8_t(31 - i);
        std::vector<llvm::Value*> operands;
        for (int i = 0; i < 3 && info.params[i] != OperandType::None; ++i)
            operands.push_back(argumentOf(info.params[i], i));
        llvm::Value* result = emitSimdOp(b, ins, operands, SimdTarget{true, true});
        ASSERT_NE(result, nullptr) << info.text;
        EXPECT_EQ(result->getType(), typeOf(context, info.result)) << info.text;
        EXPECT_EQ(b.GetInsertBlock(), entry) << info.text;
        ++lowered;
    }
    EXPECT_EQ(lowered, 236u - 22u);  // WebAssembly 2.0's 236 SIMD instructions, 22 of them loads/stores
    EXPECT_TRUE(b.getFastMathFlags().isFast()) << "the caller's flags must be restored";
    for (llvm::Instruction& inst : *entry) {
        if (llvm::isa<llvm::FPMathOperator>(inst)) {
            EXPECT_FALSE(inst.getFastMathFlags().any()) << "fast-math flags on " << inst.getOpcodeName();
        }
    }
}

}  // namespace
}  // namespace faaslet::compiler

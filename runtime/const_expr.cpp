#include "runtime/const_expr.h"

#include <cstring>
#include <string>
#include <vector>

namespace faaslet::runtime {

namespace {

// The extended constant expressions proposal's operators, with the wrap-around arithmetic of
// their code counterparts (unsigned, so overflow is defined).
bool applyExtendedConst(wasm::Opcode op, const abi::Value& lhs, const abi::Value& rhs, abi::Value& out) {
    using wasm::Opcode;
    switch (op) {
        case Opcode::I32Add: out.i32 = lhs.i32 + rhs.i32; return true;
        case Opcode::I32Sub: out.i32 = lhs.i32 - rhs.i32; return true;
        case Opcode::I32Mul: out.i32 = lhs.i32 * rhs.i32; return true;
        case Opcode::I64Add: out.i64 = lhs.i64 + rhs.i64; return true;
        case Opcode::I64Sub: out.i64 = lhs.i64 - rhs.i64; return true;
        case Opcode::I64Mul: out.i64 = lhs.i64 * rhs.i64; return true;
        default: return false;
    }
}

}  // namespace

Result<abi::Value> evaluateConstExpr(const wasm::ConstExpr& expr, const ConstExprEnvironment& env) {
    using wasm::Opcode;
    std::vector<abi::Value> stack;
    for (const wasm::Instruction& in : expr.code) {
        abi::Value v{};
        switch (in.op) {
            case Opcode::I32Const: v.i32 = uint32_t(in.bits); break;
            case Opcode::I64Const: v.i64 = in.bits; break;
            case Opcode::F32Const: {
                uint32_t bits = uint32_t(in.bits);
                std::memcpy(&v.f32, &bits, 4);
                break;
            }
            case Opcode::F64Const: std::memcpy(&v.f64, &in.bits, 8); break;
            case Opcode::V128Const: std::memcpy(v.v128, in.bytes.data(), 16); break;
            case Opcode::RefNull: v.ref = nullptr; break;
            case Opcode::RefFunc:
                if (in.a >= env.functions.size()) {
                    return Error::unsupported("constant expression refers to function " +
                                              std::to_string(in.a) + " beyond the index space");
                }
                v.ref = &env.functions[in.a];
                break;
            case Opcode::GlobalGet:
                if (in.a >= env.globals.size()) {
                    return Error::unsupported("constant expression reads global " + std::to_string(in.a) +
                                              " before it is initialised");
                }
                v = *env.globals[in.a];
                break;
            case Opcode::End:
                if (stack.size() != 1) break;
                return stack.back();
            default: {
                if (stack.size() < 2) {
                    return Error::unsupported(std::string("constant expression uses ") +
                                              wasm::toString(in.op) + " with fewer than two operands");
                }
                const abi::Value rhs = stack.back();
                stack.pop_back();
                const abi::Value lhs = stack.back();
                stack.pop_back();
                if (!applyExtendedConst(in.op, lhs, rhs, v)) {
                    return Error::unsupported(std::string("constant expression uses ") +
                                              wasm::toString(in.op));
                }
            }
        }
        if (in.op != Opcode::End) stack.push_back(v);
    }
    return Error::unsupported("constant expression does not produce exactly one value");
}

}  // namespace faaslet::runtime

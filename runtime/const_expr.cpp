#include "runtime/const_expr.h"

#include <cstring>
#include <string>
#include <vector>

namespace faaslet::runtime {

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
            default:
                return Error::unsupported(std::string("constant expression uses ") + wasm::toString(in.op));
        }
        if (in.op != Opcode::End) stack.push_back(v);
    }
    return Error::unsupported("constant expression does not produce exactly one value");
}

}  // namespace faaslet::runtime

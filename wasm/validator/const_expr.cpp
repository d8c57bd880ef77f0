#include "wasm/validator/const_expr.h"

#include "fmt/format.h"

namespace faaslet::wasm {

std::string ConstExprSite::describe() const {
    if (item) return fmt::format("item {} of {} {}", *item, what, index);
    return fmt::format("{} {}", what, index);
}

void validateConstExpr(const ValidationContext& context, const ConstExpr& expr, ValType expected,
                       std::string_view section, const ConstExprSite& site) {
    auto fail = [&](size_t offset, const std::string& message) {
        failValidation(section, std::nullopt, offset, fmt::format("{}: {}", site.describe(), message));
    };

    // Nothing in a 2.0 constant expression consumes a value, so the stack is the sequence of
    // values pushed: the expression is well typed when exactly one instruction pushes, with the
    // expected type. Constness is checked for every instruction before the type, as the spec's
    // reference interpreter does.
    size_t pushed = 0;
    ValType last = expected;
    size_t lastOffset = expr.offset;
    bool ended = false;
    for (const auto& ins : expr.code) {
        if (ended) fail(ins.offset, "constant expression required: instructions after the final end");
        ValType type{};
        switch (ins.op) {
            case Opcode::I32Const: type = ValType::I32; break;
            case Opcode::I64Const: type = ValType::I64; break;
            case Opcode::F32Const: type = ValType::F32; break;
            case Opcode::F64Const: type = ValType::F64; break;
            case Opcode::V128Const: type = ValType::V128; break;
            case Opcode::RefNull: type = ins.type; break;
            case Opcode::RefFunc:
                if (ins.a >= context.funcTypes.size()) {
                    fail(ins.offset,
                         fmt::format("unknown function {} (module has {})", ins.a, context.funcTypes.size()));
                }
                type = ValType::FuncRef;
                break;
            case Opcode::GlobalGet: {
                // In 2.0 only imported globals are in scope in constant expressions.
                if (ins.a >= context.importedGlobals()) {
                    fail(ins.offset,
                         fmt::format("unknown global {} (constant expressions may read only the {} "
                                     "imported globals)",
                                     ins.a, context.importedGlobals()));
                }
                const GlobalType& global = context.globals[ins.a];
                if (global.isMutable) {
                    fail(ins.offset, fmt::format("constant expression required: global.get {} reads a "
                                                 "mutable global",
                                                 ins.a));
                }
                type = global.type;
                break;
            }
            case Opcode::End: ended = true; continue;
            default:
                fail(ins.offset, fmt::format("constant expression required: {} is not a constant "
                                             "instruction",
                                             toString(ins.op)));
        }
        ++pushed;
        last = type;
        lastOffset = ins.offset;
    }
    if (!ended) fail(expr.offset, "constant expression required: missing end");
    if (pushed == 0) {
        fail(expr.offset,
             fmt::format("type mismatch: expected {} but the expression is empty", toString(expected)));
    }
    if (pushed > 1) {
        fail(lastOffset, fmt::format("type mismatch: expected one {} value, the expression produces {}",
                                     toString(expected), pushed));
    }
    if (last != expected) {
        fail(lastOffset,
             fmt::format("type mismatch: expected {}, found {}", toString(expected), toString(last)));
    }
}

}  // namespace faaslet::wasm

#include "wasm/validator/const_expr.h"

#include <vector>

#include "fmt/format.h"

namespace faaslet::wasm {

std::string ConstExprSite::describe() const {
    if (item) return fmt::format("item {} of {} {}", *item, what, index);
    return fmt::format("{} {}", what, index);
}

namespace {

// The integer operators the extended constant expressions proposal admits: both operands and the
// result are of the type returned.
std::optional<ValType> extendedConstOperator(Opcode op) {
    switch (op) {
        case Opcode::I32Add:
        case Opcode::I32Sub:
        case Opcode::I32Mul: return ValType::I32;
        case Opcode::I64Add:
        case Opcode::I64Sub:
        case Opcode::I64Mul: return ValType::I64;
        default: return std::nullopt;
    }
}

}  // namespace

void validateConstExpr(const ValidationContext& context, const ConstExpr& expr, ValType expected,
                       std::string_view section, const ConstExprSite& site) {
    auto fail = [&](size_t offset, const std::string& message) {
        failValidation(section, std::nullopt, offset, fmt::format("{}: {}", site.describe(), message));
    };

    // Constness is checked for every instruction before any typing, as the spec's reference
    // interpreter does, so `(i32.const 0) (nop)` is "constant expression required" rather than a
    // type mismatch. Each instruction's pushed type is kept for the typing pass below.
    std::vector<ValType> pushes(expr.code.size(), expected);
    bool ended = false;
    for (size_t i = 0; i < expr.code.size(); ++i) {
        const Instruction& ins = expr.code[i];
        if (ended) fail(ins.offset, "constant expression required: instructions after the final end");
        switch (ins.op) {
            case Opcode::I32Const: pushes[i] = ValType::I32; break;
            case Opcode::I64Const: pushes[i] = ValType::I64; break;
            case Opcode::F32Const: pushes[i] = ValType::F32; break;
            case Opcode::F64Const: pushes[i] = ValType::F64; break;
            case Opcode::V128Const: pushes[i] = ValType::V128; break;
            case Opcode::RefNull: pushes[i] = ins.type; break;
            case Opcode::RefFunc:
                if (ins.a >= context.funcTypes.size()) {
                    fail(ins.offset,
                         fmt::format("unknown function {} (module has {})", ins.a, context.funcTypes.size()));
                }
                pushes[i] = ValType::FuncRef;
                break;
            case Opcode::GlobalGet: {
                // Only imported globals are in scope in constant expressions (2.0 and extended-const).
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
                pushes[i] = global.type;
                break;
            }
            case Opcode::End: ended = true; break;
            default:
                if (auto type = extendedConstOperator(ins.op)) {
                    pushes[i] = *type;
                    break;
                }
                fail(ins.offset, fmt::format("constant expression required: {} is not a constant "
                                             "instruction",
                                             toString(ins.op)));
        }
    }
    if (!ended) fail(expr.offset, "constant expression required: missing end");

    std::vector<ValType> stack;
    for (size_t i = 0; i + 1 < expr.code.size(); ++i) {
        const Instruction& ins = expr.code[i];
        if (extendedConstOperator(ins.op)) {
            for (int operand = 0; operand < 2; ++operand) {
                if (stack.empty()) {
                    fail(ins.offset, fmt::format("type mismatch: {} expects two {} operands, the stack has "
                                                 "too few",
                                                 toString(ins.op), toString(pushes[i])));
                }
                if (stack.back() != pushes[i]) {
                    fail(ins.offset,
                         fmt::format("type mismatch: {} expects {} operands, found {}", toString(ins.op),
                                     toString(pushes[i]), toString(stack.back())));
                }
                stack.pop_back();
            }
        }
        stack.push_back(pushes[i]);
    }
    // Type errors of the result are reported at the last instruction before `end`.
    const size_t lastOffset = expr.code.size() >= 2 ? expr.code[expr.code.size() - 2].offset : expr.offset;
    if (stack.empty()) {
        fail(expr.offset,
             fmt::format("type mismatch: expected {} but the expression is empty", toString(expected)));
    }
    if (stack.size() > 1) {
        fail(lastOffset, fmt::format("type mismatch: expected one {} value, the expression produces {}",
                                     toString(expected), stack.size()));
    }
    if (stack.back() != expected) {
        fail(lastOffset,
             fmt::format("type mismatch: expected {}, found {}", toString(expected), toString(stack.back())));
    }
}

}  // namespace faaslet::wasm

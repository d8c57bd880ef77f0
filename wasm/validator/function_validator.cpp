#include "wasm/validator/function_validator.h"

#include <algorithm>
#include <bit>

#include "wasm/validator/body_encoding.h"
#include "wasm/validator/operand_types.h"
#include "fmt/format.h"

namespace faaslet::wasm {

FunctionValidator::FunctionValidator(const ValidationContext& context)
    : context_(context), module_(context.module) {
    values_.reserve(256);
    frames_.reserve(32);
}

bool FunctionValidator::Types::operator==(const Types& other) const {
    return size == other.size && std::equal(data, data + size, other.data);
}

void FunctionValidator::validate(uint32_t definedIndex) {
    funcIndex_ = module_.importedFunctions + definedIndex;
    const FunctionBody& body = module_.code[definedIndex];
    const FuncType& type = context_.funcType(funcIndex_);

    locals_.assign(type.params.begin(), type.params.end());
    for (const LocalRun& run : body.locals) locals_.insert(locals_.end(), run.count, run.type);

    values_.clear();
    frames_.clear();
    results_ = Types{type.results.data(), uint32_t(type.results.size())};
    pushFrame(Opcode::Block, Types{}, results_, body.code.begin);

    InstructionReader reader(module_.bytes, body.code.begin, body.code.end, "code", funcIndex_);
    while (!frames_.empty()) {
        if (reader.atEnd()) {
            failValidation("code", funcIndex_, reader.position(),
                           "unexpected end of section or function: END opcode expected",
                           Error::Kind::Malformed);
        }
        instruction(reader.next(), reader);
    }
}

// --- the operand and control stacks -----------------------------------------------------------

void FunctionValidator::pushTypes(Types types) {
    values_.insert(values_.end(), types.data, types.data + types.size);
}

ValType FunctionValidator::pop(const Instruction& ins) {
    const Frame& frame = frames_.back();
    if (values_.size() == frame.height) {
        if (frame.unreachable) return kUnknown;
        fail(ins, fmt::format("type mismatch: expected a value but the operand stack is empty{}",
                              frame.height > 0 ? " (in this block)" : ""));
    }
    const ValType actual = values_.back();
    values_.pop_back();
    return actual;
}

ValType FunctionValidator::pop(ValType expected, const Instruction& ins) {
    const Frame& frame = frames_.back();
    if (values_.size() == frame.height) {
        if (frame.unreachable) return kUnknown;
        failEmpty(ins, expected);
    }
    const ValType actual = values_.back();
    if (actual != expected && actual != kUnknown && expected != kUnknown) failType(ins, expected, actual);
    values_.pop_back();
    return actual;
}

void FunctionValidator::popTypes(Types types, const Instruction& ins) {
    for (uint32_t i = types.size; i-- > 0;) pop(types[i], ins);
}

void FunctionValidator::checkTop(Types types, const Instruction& ins) {
    const Frame& frame = frames_.back();
    const size_t available = values_.size() - frame.height;
    for (uint32_t k = 0; k < types.size; ++k) {
        const ValType expected = types[types.size - 1 - k];
        if (k >= available) {
            if (frame.unreachable) return;  // the rest are Unknown
            failEmpty(ins, expected);
        }
        const ValType actual = values_[values_.size() - 1 - k];
        if (actual != expected && actual != kUnknown) failType(ins, expected, actual);
    }
}

void FunctionValidator::pushFrame(Opcode kind, Types params, Types results, size_t offset) {
    frames_.push_back(Frame{kind, false, values_.size(), params, results, offset});
    pushTypes(params);
}

FunctionValidator::Frame FunctionValidator::popFrame(const Instruction& ins) {
    const Frame& frame = frames_.back();
    popTypes(frame.results, ins);
    if (values_.size() != frame.height) {
        fail(ins, fmt::format("type mismatch: {} value(s) left over on the operand stack beyond the {} "
                              "result(s)",
                              values_.size() - frame.height, frame.results.size));
    }
    Frame popped = frame;
    frames_.pop_back();
    return popped;
}

void FunctionValidator::setUnreachable() {
    Frame& frame = frames_.back();
    values_.resize(frame.height);
    frame.unreachable = true;
}

const FunctionValidator::Frame& FunctionValidator::label(uint32_t depth, const Instruction& ins) const {
    if (depth >= frames_.size()) {
        fail(ins, fmt::format("unknown label {} ({} enclosing block(s))", depth, frames_.size()));
    }
    return frames_[frames_.size() - 1 - depth];
}

void FunctionValidator::blockTypes(const BlockType& type, const Instruction& ins, Types& params,
                                   Types& results) const {
    params = Types{};
    results = Types{};
    switch (type.kind) {
        case BlockType::Kind::Empty: break;
        case BlockType::Kind::Value: results = Types{singleType(type.value), 1}; break;
        case BlockType::Kind::TypeIndex: {
            if (type.typeIndex >= module_.types.size()) {
                fail(ins,
                     fmt::format("unknown type {} (module has {})", type.typeIndex, module_.types.size()));
            }
            const FuncType& f = module_.types[type.typeIndex];
            params = Types{f.params.data(), uint32_t(f.params.size())};
            results = Types{f.results.data(), uint32_t(f.results.size())};
            break;
        }
    }
}

// --- errors --------------------------------------------------------------------------------------

void FunctionValidator::fail(const Instruction& ins, const std::string& message, Error::Kind kind) const {
    std::string_view what = toString(ins.op);
    if (ins.op == Opcode::End && !frames_.empty()) {
        // An `end` checks the frame it closes: name it.
        switch (frames_.size() == 1 ? Opcode::Nop : frames_.back().kind) {
            case Opcode::Nop: what = "end of function"; break;
            case Opcode::Loop: what = "end of loop"; break;
            case Opcode::If: what = "end of if"; break;
            case Opcode::Else: what = "end of else"; break;
            default: what = "end of block"; break;
        }
    }
    failValidation("code", funcIndex_, ins.offset, fmt::format("{}: {}", what, message), kind);
}

void FunctionValidator::failType(const Instruction& ins, ValType expected, ValType found) const {
    fail(ins, fmt::format("type mismatch: expected {}, found {}", typeName(expected), typeName(found)));
}

void FunctionValidator::failEmpty(const Instruction& ins, ValType expected) const {
    // Values below the current block's entry height are out of its reach.
    const bool shadowed = !frames_.empty() && frames_.back().height > 0;
    fail(ins, fmt::format("type mismatch: expected {} but the operand stack is empty{}", typeName(expected),
                          shadowed ? " (in this block)" : ""));
}

// --- instructions --------------------------------------------------------------------------------

void FunctionValidator::instruction(const Instruction& ins, InstructionReader& reader) {
    const OperandSignature& sig = operandSignature(ins.op);
    if (!sig.special) {
        if (sig.checkImmediate) memoryImmediates(ins);
        for (uint32_t i = sig.paramCount; i-- > 0;) pop(sig.params[i], ins);
        if (sig.result != kUnknown) push(sig.result);
        return;
    }

    switch (ins.op) {
        case Opcode::Unreachable: setUnreachable(); break;
        case Opcode::Nop: break;
        case Opcode::Block:
        case Opcode::Loop:
        case Opcode::If: block(ins); break;
        case Opcode::Else:
        case Opcode::End: endOrElse(ins, reader); break;
        case Opcode::Br:
            popTypes(label(ins.a, ins).labelTypes(), ins);
            setUnreachable();
            break;
        case Opcode::BrIf: {
            pop(ValType::I32, ins);
            const Types types = label(ins.a, ins).labelTypes();
            popTypes(types, ins);
            pushTypes(types);
            break;
        }
        case Opcode::BrTable: branchTable(ins, reader); break;
        case Opcode::Return:
            popTypes(results_, ins);
            setUnreachable();
            break;
        case Opcode::Call: {
            if (ins.a >= context_.funcTypes.size()) {
                fail(ins,
                     fmt::format("unknown function {} (module has {})", ins.a, context_.funcTypes.size()));
            }
            const FuncType& type = context_.funcType(ins.a);
            popTypes(Types{type.params.data(), uint32_t(type.params.size())}, ins);
            pushTypes(Types{type.results.data(), uint32_t(type.results.size())});
            break;
        }
        case Opcode::CallIndirect: {
            const uint32_t table = checkTable(ins.b, ins);
            if (context_.tables[table].elemType != ValType::FuncRef) {
                fail(ins, fmt::format("type mismatch: table {} holds {}, call_indirect needs funcref", table,
                                      toString(context_.tables[table].elemType)));
            }
            if (ins.a >= module_.types.size()) {
                fail(ins, fmt::format("unknown type {} (module has {})", ins.a, module_.types.size()));
            }
            const FuncType& type = module_.types[ins.a];
            pop(ValType::I32, ins);
            popTypes(Types{type.params.data(), uint32_t(type.params.size())}, ins);
            pushTypes(Types{type.results.data(), uint32_t(type.results.size())});
            break;
        }
        case Opcode::Drop: pop(ins); break;
        case Opcode::Select: {
            pop(ValType::I32, ins);
            const ValType t1 = pop(ins);
            const ValType t2 = pop(ins);
            if (isRefType(t1) || isRefType(t2)) {
                fail(ins, fmt::format("type mismatch: select without a type needs numeric or vector "
                                      "operands, found {}",
                                      typeName(isRefType(t1) ? t1 : t2)));
            }
            if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) failType(ins, t1, t2);
            push(t1 == kUnknown ? t2 : t1);
            break;
        }
        case Opcode::SelectT: {
            if (ins.a != 1) {
                fail(ins,
                     fmt::format("invalid result arity: select takes exactly one type, found {}", ins.a));
            }
            pop(ValType::I32, ins);
            pop(ins.type, ins);
            pop(ins.type, ins);
            push(ins.type);
            break;
        }
        case Opcode::LocalGet:
        case Opcode::LocalSet:
        case Opcode::LocalTee:
        case Opcode::GlobalGet:
        case Opcode::GlobalSet: variable(ins); break;
        case Opcode::RefNull: push(ins.type); break;
        case Opcode::RefIsNull: {
            const ValType t = pop(ins);
            if (t != kUnknown && !isRefType(t)) {
                fail(ins, fmt::format("type mismatch: expected a reference, found {}", typeName(t)));
            }
            push(ValType::I32);
            break;
        }
        case Opcode::RefFunc:
            if (ins.a >= context_.funcTypes.size()) {
                fail(ins,
                     fmt::format("unknown function {} (module has {})", ins.a, context_.funcTypes.size()));
            }
            if (!context_.isDeclaredRef(ins.a)) {
                fail(ins, fmt::format("undeclared function reference: function {} is not named in an element "
                                      "segment, export or global initializer",
                                      ins.a));
            }
            push(ValType::FuncRef);
            break;
        case Opcode::DataDrop: checkData(ins.a, ins); break;
        default: tableInstruction(ins); break;
    }
}

void FunctionValidator::memoryImmediates(const Instruction& ins) {
    const OperandSignature& sig = operandSignature(ins.op);
    switch (sig.immediate) {
        case Immediate::MemArg:
        case Immediate::MemArgLane: {
            if (ins.mem.alignLog2 >= 32) {
                fail(ins, fmt::format("malformed memop flags: alignment exponent {}", ins.mem.alignLog2),
                     Error::Kind::Malformed);
            }
            checkMemory(ins);
            const uint32_t natural = std::countr_zero(uint32_t(sig.width));
            if (ins.mem.alignLog2 > natural) {
                fail(ins, fmt::format("alignment must not be larger than natural: 2^{} > {} bytes",
                                      ins.mem.alignLog2, sig.width));
            }
            if (sig.immediate == Immediate::MemArgLane && ins.lane >= 16 / sig.width) {
                fail(ins, fmt::format("invalid lane index {} (lanes 0-{})", ins.lane, 16 / sig.width - 1));
            }
            break;
        }
        case Immediate::MemoryIndex:
        case Immediate::MemoryCopy: checkMemory(ins); break;
        case Immediate::MemoryInit:
            checkDataCountSection(ins);  // malformed, so reported before the invalid cases
            checkMemory(ins);
            checkData(ins.a, ins);
            break;
        case Immediate::Lane:
            if (ins.lane >= sig.width) {
                fail(ins, fmt::format("invalid lane index {} (lanes 0-{})", ins.lane, sig.width - 1));
            }
            break;
        case Immediate::Shuffle:
            for (uint8_t lane : ins.bytes) {
                if (lane >= 32) fail(ins, fmt::format("invalid lane index {} (lanes 0-31)", lane));
            }
            break;
        default: break;
    }
}

void FunctionValidator::variable(const Instruction& ins) {
    if (ins.op == Opcode::GlobalGet || ins.op == Opcode::GlobalSet) {
        if (ins.a >= context_.globals.size()) {
            fail(ins, fmt::format("unknown global {} (module has {})", ins.a, context_.globals.size()));
        }
        const GlobalType& global = context_.globals[ins.a];
        if (ins.op == Opcode::GlobalGet) {
            push(global.type);
        } else {
            if (!global.isMutable) fail(ins, fmt::format("global is immutable: global {}", ins.a));
            pop(global.type, ins);
        }
        return;
    }
    if (ins.a >= locals_.size()) {
        fail(ins, fmt::format("unknown local {} (function has {})", ins.a, locals_.size()));
    }
    const ValType type = locals_[ins.a];
    switch (ins.op) {
        case Opcode::LocalGet: push(type); break;
        case Opcode::LocalSet: pop(type, ins); break;
        default:  // LocalTee
            pop(type, ins);
            push(type);
            break;
    }
}

void FunctionValidator::tableInstruction(const Instruction& ins) {
    switch (ins.op) {
        case Opcode::TableGet: {
            const ValType t = context_.tables[checkTable(ins.a, ins)].elemType;
            pop(ValType::I32, ins);
            push(t);
            break;
        }
        case Opcode::TableSet: {
            const ValType t = context_.tables[checkTable(ins.a, ins)].elemType;
            pop(t, ins);
            pop(ValType::I32, ins);
            break;
        }
        case Opcode::TableSize:
            checkTable(ins.a, ins);
            push(ValType::I32);
            break;
        case Opcode::TableGrow: {
            const ValType t = context_.tables[checkTable(ins.a, ins)].elemType;
            pop(ValType::I32, ins);
            pop(t, ins);
            push(ValType::I32);
            break;
        }
        case Opcode::TableFill: {
            const ValType t = context_.tables[checkTable(ins.a, ins)].elemType;
            pop(ValType::I32, ins);
            pop(t, ins);
            pop(ValType::I32, ins);
            break;
        }
        case Opcode::TableCopy: {
            const ValType dst = context_.tables[checkTable(ins.a, ins)].elemType;
            const ValType src = context_.tables[checkTable(ins.b, ins)].elemType;
            if (dst != src) {
                fail(ins, fmt::format("type mismatch: copying {} table {} into {} table {}", toString(src),
                                      ins.b, toString(dst), ins.a));
            }
            popTypes(Types{kThreeI32, 3}, ins);
            break;
        }
        case Opcode::TableInit: {
            const ValType table = context_.tables[checkTable(ins.b, ins)].elemType;
            const ValType elem = module_.elems[checkElem(ins.a, ins)].type;
            if (table != elem) {
                fail(ins, fmt::format("type mismatch: element segment {} holds {}, table {} holds {}", ins.a,
                                      toString(elem), ins.b, toString(table)));
            }
            popTypes(Types{kThreeI32, 3}, ins);
            break;
        }
        case Opcode::ElemDrop: checkElem(ins.a, ins); break;
        default: fail(ins, "instruction without a validation rule");  // every Special row is handled above
    }
}

void FunctionValidator::branchTable(const Instruction& ins, InstructionReader& reader) {
    pop(ValType::I32, ins);
    const Types defaultTypes = label(ins.a, ins).labelTypes();
    for (uint32_t target : reader.brTableTargets()) {
        const Types types = label(target, ins).labelTypes();
        if (types.size != defaultTypes.size) {
            fail(ins,
                 fmt::format("type mismatch: label {} takes {} value(s) but the default label {} takes {}",
                             target, types.size, ins.a, defaultTypes.size));
        }
        checkTop(types, ins);
    }
    popTypes(defaultTypes, ins);
    setUnreachable();
}

void FunctionValidator::block(const Instruction& ins) {
    Types params, results;
    blockTypes(ins.block, ins, params, results);
    if (ins.op == Opcode::If) pop(ValType::I32, ins);
    popTypes(params, ins);
    pushFrame(ins.op, params, results, ins.offset);
}

void FunctionValidator::endOrElse(const Instruction& ins, InstructionReader& reader) {
    const Frame frame = popFrame(ins);
    if (ins.op == Opcode::Else) {
        if (frame.kind != Opcode::If) fail(ins, "else without a matching if");
        pushFrame(Opcode::Else, frame.params, frame.results, ins.offset);
        return;
    }
    if (frame.kind == Opcode::If && !(frame.params == frame.results)) {
        fail(ins, fmt::format("type mismatch: if without else must have equal parameter and result types "
                              "({} parameter(s), {} result(s))",
                              frame.params.size, frame.results.size));
    }
    if (frames_.empty()) {
        if (!reader.atEnd()) {
            failValidation("code", funcIndex_, reader.position(),
                           "operators remaining after end of function (section size mismatch)",
                           Error::Kind::Malformed);
        }
        return;
    }
    pushTypes(frame.results);
}

// --- index spaces ----------------------------------------------------------------------------------

uint32_t FunctionValidator::checkTable(uint32_t index, const Instruction& ins) const {
    if (index >= context_.tables.size()) {
        fail(ins, fmt::format("unknown table {} (module has {})", index, context_.tables.size()));
    }
    return index;
}

uint32_t FunctionValidator::checkElem(uint32_t index, const Instruction& ins) const {
    if (index >= module_.elems.size()) {
        fail(ins, fmt::format("unknown elem segment {} (module has {})", index, module_.elems.size()));
    }
    return index;
}

void FunctionValidator::checkMemory(const Instruction& ins) const {
    if (context_.memoryCount == 0) fail(ins, "unknown memory 0 (module has no memory)");
}

void FunctionValidator::checkDataCountSection(const Instruction& ins) const {
    if (dataCountSectionMissing(module_)) {
        fail(ins, "data count section required for data segment indices", Error::Kind::Malformed);
    }
}

void FunctionValidator::checkData(uint32_t index, const Instruction& ins) const {
    checkDataCountSection(ins);
    const uint32_t count = module_.dataCount.value_or(0);
    if (index >= count) fail(ins, fmt::format("unknown data segment {} (module has {})", index, count));
}

}  // namespace faaslet::wasm

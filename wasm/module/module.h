#pragma once
// The decoded form of a WebAssembly 2.0 module. Code stays in the module's bytes: function bodies
// and constant expressions are byte ranges walked with InstructionReader, so decoding allocates in
// proportion to the module's structure, never to declared counts.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wasm/module/instruction.h"
#include "wasm/module/types.h"

namespace faaslet::wasm {

// A byte range [begin, end) of the module binary.
struct ByteRange {
    size_t begin = 0;
    size_t end = 0;
    size_t size() const { return end - begin; }
};

// A constant expression: its instructions up to and including the final `end`. Kept decoded
// because they are few and short, and both the validator and instantiation evaluate them.
struct ConstExpr {
    std::vector<Instruction> code;
    size_t offset = 0;  // of the first instruction
};

struct Import {
    std::string module;
    std::string name;
    ExternKind kind = ExternKind::Func;
    uint32_t funcType = 0;  // kind Func: type index
    TableType table;        // kind Table
    MemoryType memory;      // kind Memory
    GlobalType global;      // kind Global
};

struct Export {
    std::string name;
    ExternKind kind = ExternKind::Func;
    uint32_t index = 0;
};

struct Global {
    GlobalType type;
    ConstExpr init;
};

// A run of local declarations: `count` locals of `type`.
struct LocalRun {
    uint32_t count = 0;
    ValType type = ValType::I32;
};

struct FunctionBody {
    std::vector<LocalRun> locals;
    uint64_t localCount = 0;  // sum of the runs, checked against a limit while decoding
    ByteRange code;           // instructions after the locals, including the final `end`
    size_t offset = 0;        // offset of the body's size field, for error messages
};

struct ElemSegment {
    enum class Mode : uint8_t { Passive, Active, Declarative } mode = Mode::Passive;
    ValType type = ValType::FuncRef;
    uint32_t table = 0;              // Active
    std::optional<ConstExpr> offset; // Active
    // Each element as a constant expression (ref.func i, ref.null t, global.get g). Segments
    // encoded as plain function indices are stored as ref.func expressions, so there is one form.
    std::vector<ConstExpr> items;
    size_t byteOffset = 0;
};

struct DataSegment {
    enum class Mode : uint8_t { Passive, Active } mode = Mode::Passive;
    uint32_t memory = 0;
    std::optional<ConstExpr> offset;  // Active
    ByteRange bytes;
    size_t byteOffset = 0;
};

struct CustomSection {
    std::string name;
    ByteRange contents;
};

// The `name` custom section. Malformed name sections are ignored (the spec makes custom sections
// informative); `names.valid` says whether it parsed.
struct Names {
    bool valid = false;
    std::string module;
    std::map<uint32_t, std::string> functions;
    std::map<uint32_t, std::map<uint32_t, std::string>> locals;
};

struct Module {
    std::vector<uint8_t> bytes;  // the binary; ByteRanges point into it

    std::vector<FuncType> types;
    std::vector<Import> imports;
    // Type index of each function defined in the module (imports are not included).
    std::vector<uint32_t> functions;
    std::vector<TableType> tables;     // defined tables only
    std::vector<MemoryType> memories;  // defined memories only
    std::vector<Global> globals;       // defined globals only
    std::vector<Export> exports;
    std::optional<uint32_t> start;
    std::vector<ElemSegment> elems;
    std::optional<uint32_t> dataCount;
    std::vector<FunctionBody> code;
    std::vector<DataSegment> data;
    std::vector<CustomSection> customSections;
    Names names;

    // Index spaces: imports come first, in import order.
    uint32_t importedFunctions = 0;
    uint32_t importedTables = 0;
    uint32_t importedMemories = 0;
    uint32_t importedGlobals = 0;

    uint32_t functionCount() const { return importedFunctions + uint32_t(functions.size()); }
    uint32_t tableCount() const { return importedTables + uint32_t(tables.size()); }
    uint32_t memoryCount() const { return importedMemories + uint32_t(memories.size()); }
    uint32_t globalCount() const { return importedGlobals + uint32_t(globals.size()); }

    // Lookups across the index spaces (imports first); the index must be in range.
    const FuncType& funcType(uint32_t funcIndex) const;
    uint32_t funcTypeIndex(uint32_t funcIndex) const;
    TableType tableType(uint32_t tableIndex) const;
    MemoryType memoryType(uint32_t memoryIndex) const;
    GlobalType globalType(uint32_t globalIndex) const;
};

}  // namespace faaslet::wasm

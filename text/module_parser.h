#pragma once
// Private to text/: the parser that turns the fields of one module into its binary encoding.
// Two passes over the tokens: the first gives every module-level identifier its index (imports
// before definitions, as the spec requires) and reads the explicit type definitions; the second
// parses each field and writes its section entry, appending the function types that type uses
// imply after the explicit ones.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/module/opcode.h"
#include "wasm/module/types.h"
#include "text/byte_writer.h"
#include "text/token_cursor.h"

namespace faaslet::text {

// One index space with its identifiers.
struct IndexSpace {
    const char* what;  // "function", "local", ...
    std::map<std::string, uint32_t, std::less<>> names;
    uint32_t count = 0;
};

// A section's entries: their count and encodings.
struct SectionEntries {
    uint32_t count = 0;
    ByteWriter bytes;
};

class ModuleParser {
public:
    explicit ModuleParser(TokenCursor& cursor) : in_(cursor) {}

    // Parses fields up to (not including) the `)` that closes the module, or the end of input.
    std::vector<uint8_t> parse();

private:
    struct Function {  // the body being parsed
        IndexSpace locals{"local", {}, 0};
        std::vector<std::optional<std::string>> labels;  // innermost last
    };
    struct TypeUse {
        uint32_t index;
        wasm::FuncType type;
        std::vector<std::optional<std::string>> paramNames;  // empty when given by (type x) only
    };

    // --- pass 1 (module_scan.cpp)
    void scanField();
    void declare(IndexSpace& space, const Token* id);
    void noteImport(const Token& at);
    void noteDefinition() { sawDefinition_ = true; }
    void skipExports();

    // --- pass 2 (module_fields.cpp)
    void parseField();
    void typeField();
    void importField();
    void funcField();
    void tableField();
    void memoryField();
    void globalField();
    void exportField();
    void startField();
    void elemField();
    void dataField();
    void inlineExports(wasm::ExternKind kind, uint32_t index);
    // (import "m" "n") inside a func/table/memory/global: writes the module and field names.
    bool inlineImport(ByteWriter& entry);
    // The start every field of an index space shares: its optional $id (scanned already), its
    // index taken from `next`, its inline exports. Then, for an inline import, the entry in the
    // import section with the field's type, written by `writeType`: true when it was one.
    uint32_t beginField(wasm::ExternKind kind, uint32_t& next);
    bool importedField(wasm::ExternKind kind, const std::function<void(ByteWriter&)>& writeType);
    void functionBody(const TypeUse& use, const Token& at);
    struct ElemItems {
        wasm::ValType type = wasm::ValType::FuncRef;
        bool exprs = false;  // expressions, else function indices
        uint32_t count = 0;
        ByteWriter bytes;
    };
    enum class ElemMode { Passive, Active, Declarative };
    ElemItems elemList(bool allowBareIndices);
    void elemExpr(ByteWriter& out);
    void writeElem(ElemMode mode, uint32_t table, const ByteWriter& offset, const ElemItems& items);
    void offsetExpr(ByteWriter& out);
    // One folded instruction as a whole constant expression (offsets, elem items).
    void foldedConstExpr(ByteWriter& out);
    std::vector<uint8_t> encodeSections();

    // --- types (type_parser.cpp)
    wasm::ValType valType();
    std::optional<wasm::ValType> maybeValType() const;
    wasm::ValType refType();
    wasm::ValType heapType();
    wasm::FuncType funcType();  // (func (param ...)* (result ...)*)
    // (param ...)* (result ...)*; names of params go to `names` when given.
    void params(wasm::FuncType& type, std::vector<std::optional<std::string>>* names);
    void results(wasm::FuncType& type);
    // Param names are allowed in functions' type uses, not in blocks' and call_indirect's.
    TypeUse typeUse(bool allowNames = true);
    uint32_t internType(const wasm::FuncType& type);
    void limits(ByteWriter& out, const char* what);
    void tableType(ByteWriter& out);
    void globalType(ByteWriter& out);
    void writeValType(ByteWriter& out, wasm::ValType t) { out.byte(uint8_t(t)); }
    void writeFuncType(ByteWriter& out, const wasm::FuncType& t);

    // --- indices
    uint32_t index(const IndexSpace& space);  // u32 or identifier
    bool atIndex() const { return in_.is(TokenKind::Number) || in_.is(TokenKind::Id); }
    uint32_t u32(const char* what);
    uint32_t labelIndex();

    // --- instructions (instruction_parser.cpp)
    void instructions(ByteWriter& out);  // up to `)`, `end` or `else`
    void constExpr(ByteWriter& out);     // instructions, then `end`
    void plainInstruction(ByteWriter& out);
    void foldedInstruction(ByteWriter& out);
    void blockInstruction(ByteWriter& out, wasm::Opcode op);
    void foldedBlock(ByteWriter& out, wasm::Opcode op);
    void blockType(ByteWriter& out);
    void endLabel(const std::optional<std::string>& label);
    void immediates(ByteWriter& out, wasm::Opcode op, const Token& at);
    void memArg(ByteWriter& out, uint32_t naturalWidth);
    void v128Const(ByteWriter& out);
    void writeOpcode(ByteWriter& out, wasm::Opcode op);

    // Blocks and folded instructions are parsed recursively; past this depth the text is refused
    // rather than the stack overflowed (a thread's default stack holds it with room to spare).
    static constexpr unsigned kMaxNesting = 2000;
    unsigned nesting_ = 0;
    class Nest;  // counts one level of nesting while it lives

    TokenCursor& in_;
    IndexSpace types_{"type", {}, 0}, funcs_{"function", {}, 0}, tables_{"table", {}, 0},
        memories_{"memory", {}, 0}, globals_{"global", {}, 0}, elems_{"elem segment", {}, 0},
        datas_{"data segment", {}, 0};
    std::vector<wasm::FuncType> typeList_;
    bool sawDefinition_ = false;
    // Pass 2's running indices, in the order pass 1 assigned them.
    uint32_t nextFunc_ = 0, nextTable_ = 0, nextMemory_ = 0, nextGlobal_ = 0;
    bool sawStart_ = false;
    // memory.init or data.drop appears: only then does the binary need a data count section.
    bool usesDataIndex_ = false;
    Function* function_ = nullptr;  // null in constant expressions

    SectionEntries importSec_, funcSec_, tableSec_, memorySec_, globalSec_, exportSec_, elemSec_, codeSec_,
        dataSec_;
    ByteWriter start_;
};

}  // namespace faaslet::text

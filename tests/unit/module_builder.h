#pragma once
// Assembles WebAssembly binaries in unit tests, so tests need no .wat files or external tools.
//
//   ModuleBuilder b;
//   uint32_t t = b.type({ValType::I32}, {ValType::I32});
//   b.func(t, Code().localGet(0).i32Const(1).op(Opcode::I32Add).end());
//   std::vector<uint8_t> wasm = b.build();
//
// Code bytes are used verbatim: a body or constant expression must write its own final `end`
// (so tests can also build malformed ones). Empty sections are left out of the binary.

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wasm/module/opcode.h"
#include "wasm/module/types.h"

namespace faaslet::test {

using Bytes = std::vector<uint8_t>;

inline void putU32(Bytes& out, uint64_t value) {
    do {
        uint8_t byte = value & 0x7f;
        value >>= 7;
        if (value) byte |= 0x80;
        out.push_back(byte);
    } while (value);
}

inline void putS64(Bytes& out, int64_t value) {
    for (;;) {
        const uint8_t byte = value & 0x7f;
        value >>= 7;  // arithmetic shift
        const bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
        out.push_back(done ? byte : byte | 0x80);
        if (done) return;
    }
}

inline void putName(Bytes& out, const std::string& name) {
    putU32(out, name.size());
    out.insert(out.end(), name.begin(), name.end());
}

// Instructions, written one after another.
class Code {
public:
    Code() = default;
    Code(std::initializer_list<uint8_t> raw) : bytes_(raw) {}

    const Bytes& bytes() const { return bytes_; }
    operator const Bytes&() const { return bytes_; }

    // The opcode's encoding (prefix byte and LEB128 code for 0xFC/0xFD), without immediates.
    Code& op(wasm::Opcode op) {
        const auto& info = wasm::info(op);
        if (info.prefix) {
            bytes_.push_back(info.prefix);
            putU32(bytes_, info.code);
        } else {
            bytes_.push_back(uint8_t(info.code));
        }
        return *this;
    }
    // An opcode followed by u32 immediates (indices).
    Code& op(wasm::Opcode o, std::initializer_list<uint32_t> indices) {
        op(o);
        for (uint32_t i : indices) u32(i);
        return *this;
    }

    Code& byte(uint8_t b) {
        bytes_.push_back(b);
        return *this;
    }
    Code& raw(std::initializer_list<uint8_t> bs) {
        bytes_.insert(bytes_.end(), bs);
        return *this;
    }
    Code& u32(uint64_t v) {
        putU32(bytes_, v);
        return *this;
    }
    Code& s64(int64_t v) {
        putS64(bytes_, v);
        return *this;
    }

    Code& i32Const(int32_t v) { return op(wasm::Opcode::I32Const).s64(v); }
    Code& i64Const(int64_t v) { return op(wasm::Opcode::I64Const).s64(v); }
    Code& f32Const(float v) {
        uint32_t bits;
        std::memcpy(&bits, &v, 4);
        op(wasm::Opcode::F32Const);
        for (int i = 0; i < 4; ++i) bytes_.push_back(uint8_t(bits >> (8 * i)));
        return *this;
    }
    Code& f64Const(double v) {
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        op(wasm::Opcode::F64Const);
        for (int i = 0; i < 8; ++i) bytes_.push_back(uint8_t(bits >> (8 * i)));
        return *this;
    }
    Code& v128Const() {
        op(wasm::Opcode::V128Const);
        bytes_.insert(bytes_.end(), 16, 0);
        return *this;
    }
    Code& localGet(uint32_t i) { return op(wasm::Opcode::LocalGet, {i}); }
    Code& localSet(uint32_t i) { return op(wasm::Opcode::LocalSet, {i}); }
    Code& globalGet(uint32_t i) { return op(wasm::Opcode::GlobalGet, {i}); }
    Code& refNull(wasm::ValType t) { return op(wasm::Opcode::RefNull).byte(uint8_t(t)); }
    Code& refFunc(uint32_t f) { return op(wasm::Opcode::RefFunc, {f}); }
    Code& call(uint32_t f) { return op(wasm::Opcode::Call, {f}); }
    Code& br(uint32_t depth) { return op(wasm::Opcode::Br, {depth}); }
    Code& brIf(uint32_t depth) { return op(wasm::Opcode::BrIf, {depth}); }
    Code& brTable(std::initializer_list<uint32_t> targets, uint32_t defaultTarget) {
        op(wasm::Opcode::BrTable).u32(targets.size());
        for (uint32_t t : targets) u32(t);
        return u32(defaultTarget);
    }
    // Memory access: alignment exponent and offset.
    Code& mem(wasm::Opcode o, uint32_t alignLog2, uint32_t offset = 0) {
        return op(o).u32(alignLog2).u32(offset);
    }

    // Structured instructions with the three forms of block type.
    Code& block(wasm::Opcode o) { return op(o).byte(0x40); }
    Code& block(wasm::Opcode o, wasm::ValType result) { return op(o).byte(uint8_t(result)); }
    Code& blockTypeIndex(wasm::Opcode o, uint32_t typeIndex) { return op(o).s64(typeIndex); }
    Code& end() { return op(wasm::Opcode::End); }

private:
    Bytes bytes_;
};

class ModuleBuilder {
public:
    using ValType = wasm::ValType;

    uint32_t type(std::vector<ValType> params, std::vector<ValType> results) {
        Bytes& s = types_.bytes;
        s.push_back(0x60);
        putU32(s, params.size());
        for (ValType t : params) s.push_back(uint8_t(t));
        putU32(s, results.size());
        for (ValType t : results) s.push_back(uint8_t(t));
        return types_.count++;
    }

    uint32_t importFunc(uint32_t typeIndex, const std::string& module = "m", const std::string& name = "f") {
        importHeader(module, name, 0x00);
        putU32(imports_.bytes, typeIndex);
        return importedFuncs_++;
    }
    uint32_t importTable(ValType elem, uint32_t min, std::optional<uint32_t> max = std::nullopt,
                         const std::string& module = "m", const std::string& name = "t") {
        importHeader(module, name, 0x01);
        imports_.bytes.push_back(uint8_t(elem));
        limits(imports_.bytes, min, max);
        return importedTables_++;
    }
    uint32_t importMemory(uint32_t min, std::optional<uint32_t> max = std::nullopt,
                          const std::string& module = "m", const std::string& name = "mem") {
        importHeader(module, name, 0x02);
        limits(imports_.bytes, min, max);
        return importedMemories_++;
    }
    uint32_t importGlobal(ValType type, bool isMutable, const std::string& module = "m",
                          const std::string& name = "g") {
        importHeader(module, name, 0x03);
        imports_.bytes.push_back(uint8_t(type));
        imports_.bytes.push_back(isMutable ? 1 : 0);
        return importedGlobals_++;
    }

    // A function of type `typeIndex`; `locals` are runs of (count, type). Returns its index.
    uint32_t func(uint32_t typeIndex, const Bytes& body,
                  std::vector<std::pair<uint32_t, ValType>> locals = {}) {
        putU32(functions_.bytes, typeIndex);
        ++functions_.count;
        Bytes f;
        putU32(f, locals.size());
        for (auto [count, t] : locals) {
            putU32(f, count);
            f.push_back(uint8_t(t));
        }
        f.insert(f.end(), body.begin(), body.end());
        putU32(code_.bytes, f.size());
        code_.bytes.insert(code_.bytes.end(), f.begin(), f.end());
        ++code_.count;
        return importedFuncs_ + functions_.count - 1;
    }

    uint32_t table(ValType elem, uint32_t min, std::optional<uint32_t> max = std::nullopt) {
        tables_.bytes.push_back(uint8_t(elem));
        limits(tables_.bytes, min, max);
        return importedTables_ + tables_.count++;
    }
    uint32_t memory(uint32_t min, std::optional<uint32_t> max = std::nullopt) {
        limits(memories_.bytes, min, max);
        return importedMemories_ + memories_.count++;
    }
    // `init` is a constant expression including its `end`.
    uint32_t global(ValType type, bool isMutable, const Bytes& init) {
        globals_.bytes.push_back(uint8_t(type));
        globals_.bytes.push_back(isMutable ? 1 : 0);
        globals_.bytes.insert(globals_.bytes.end(), init.begin(), init.end());
        return importedGlobals_ + globals_.count++;
    }

    void exportItem(const std::string& name, wasm::ExternKind kind, uint32_t index) {
        putName(exports_.bytes, name);
        exports_.bytes.push_back(uint8_t(kind));
        putU32(exports_.bytes, index);
        ++exports_.count;
    }
    void start(uint32_t funcIndex) { start_ = funcIndex; }

    // Element segments. Offsets and item expressions include their `end`.
    // flags 0: active in table 0, function indices.
    void elemActive(const Bytes& offset, std::vector<uint32_t> funcs) {
        Bytes& s = beginElem(0);
        s.insert(s.end(), offset.begin(), offset.end());
        funcIndices(s, funcs);
    }
    // flags 2: active in `table`, function indices.
    void elemActiveTable(uint32_t table, const Bytes& offset, std::vector<uint32_t> funcs) {
        Bytes& s = beginElem(2);
        putU32(s, table);
        s.insert(s.end(), offset.begin(), offset.end());
        s.push_back(0x00);
        funcIndices(s, funcs);
    }
    // flags 6: active in `table`, expressions of `type`.
    void elemActiveExprs(uint32_t table, const Bytes& offset, ValType type, std::vector<Bytes> items) {
        Bytes& s = beginElem(6);
        putU32(s, table);
        s.insert(s.end(), offset.begin(), offset.end());
        s.push_back(uint8_t(type));
        exprs(s, items);
    }
    // flags 5: passive, expressions of `type`.
    void elemPassive(ValType type, std::vector<Bytes> items) {
        Bytes& s = beginElem(5);
        s.push_back(uint8_t(type));
        exprs(s, items);
    }
    // flags 3: declarative, function indices.
    void elemDeclarative(std::vector<uint32_t> funcs) {
        Bytes& s = beginElem(3);
        s.push_back(0x00);
        funcIndices(s, funcs);
    }

    // Data segments.
    void dataActive(const Bytes& offset, const std::string& contents,
                    std::optional<uint32_t> memory = std::nullopt) {
        if (memory) {
            putU32(data_.bytes, 2);
            putU32(data_.bytes, *memory);
        } else {
            putU32(data_.bytes, 0);
        }
        data_.bytes.insert(data_.bytes.end(), offset.begin(), offset.end());
        putName(data_.bytes, contents);
        ++data_.count;
    }
    void dataPassive(const std::string& contents) {
        putU32(data_.bytes, 1);
        putName(data_.bytes, contents);
        ++data_.count;
    }
    void dataCount(uint32_t n) { dataCount_ = n; }

    Bytes build() const {
        Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        section(out, 1, types_);
        section(out, 2, imports_);
        section(out, 3, functions_);
        section(out, 4, tables_);
        section(out, 5, memories_);
        section(out, 6, globals_);
        section(out, 7, exports_);
        if (start_) {
            Bytes s;
            putU32(s, *start_);
            raw(out, 8, s);
        }
        section(out, 9, elems_);
        if (dataCount_) {
            Bytes s;
            putU32(s, *dataCount_);
            raw(out, 12, s);
        }
        section(out, 10, code_);
        section(out, 11, data_);
        return out;
    }

private:
    struct Section {
        uint32_t count = 0;
        Bytes bytes;
    };

    static void limits(Bytes& s, uint32_t min, std::optional<uint32_t> max) {
        s.push_back(max ? 0x01 : 0x00);
        putU32(s, min);
        if (max) putU32(s, *max);
    }
    void importHeader(const std::string& module, const std::string& name, uint8_t kind) {
        putName(imports_.bytes, module);
        putName(imports_.bytes, name);
        imports_.bytes.push_back(kind);
        ++imports_.count;
    }
    Bytes& beginElem(uint32_t flags) {
        putU32(elems_.bytes, flags);
        ++elems_.count;
        return elems_.bytes;
    }
    static void funcIndices(Bytes& s, const std::vector<uint32_t>& funcs) {
        putU32(s, funcs.size());
        for (uint32_t f : funcs) putU32(s, f);
    }
    static void exprs(Bytes& s, const std::vector<Bytes>& items) {
        putU32(s, items.size());
        for (const Bytes& e : items) s.insert(s.end(), e.begin(), e.end());
    }
    static void raw(Bytes& out, uint8_t id, const Bytes& contents) {
        out.push_back(id);
        putU32(out, contents.size());
        out.insert(out.end(), contents.begin(), contents.end());
    }
    static void section(Bytes& out, uint8_t id, const Section& s) {
        if (s.count == 0) return;
        Bytes contents;
        putU32(contents, s.count);
        contents.insert(contents.end(), s.bytes.begin(), s.bytes.end());
        raw(out, id, contents);
    }

    Section types_, imports_, functions_, tables_, memories_, globals_, exports_, elems_, code_, data_;
    std::optional<uint32_t> start_;
    std::optional<uint32_t> dataCount_;
    uint32_t importedFuncs_ = 0, importedTables_ = 0, importedMemories_ = 0, importedGlobals_ = 0;
};

}  // namespace faaslet::test

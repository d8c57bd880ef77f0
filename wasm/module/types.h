#pragma once
// Value, function, table, memory and global types of WebAssembly 2.0.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace faaslet::wasm {

// Values are the binary encodings, so a decoded byte converts directly.
enum class ValType : uint8_t {
    I32 = 0x7f,
    I64 = 0x7e,
    F32 = 0x7d,
    F64 = 0x7c,
    V128 = 0x7b,
    FuncRef = 0x70,
    ExternRef = 0x6f,
};

// Whether `code` is the binary encoding of a value type.
bool isValTypeCode(uint8_t code);
bool isNumType(ValType t);
bool isRefType(ValType t);
const char* toString(ValType t);

struct FuncType {
    std::vector<ValType> params;
    std::vector<ValType> results;
    bool operator==(const FuncType&) const = default;
};
std::string toString(const FuncType& t);

// Limits count pages (memories) or elements (tables); WebAssembly 2.0 limits are u32.
struct Limits {
    uint32_t min = 0;
    std::optional<uint32_t> max;
};

struct TableType {
    ValType elemType = ValType::FuncRef;
    Limits limits;
};

struct MemoryType {
    Limits limits;  // in 64 KiB pages
};

struct GlobalType {
    ValType type = ValType::I32;
    bool isMutable = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* toString(ExternKind k);

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages = 65536;  // 4 GiB of 32-bit address space

}  // namespace faaslet::wasm

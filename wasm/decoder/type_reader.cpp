#include "wasm/decoder/type_reader.h"

#include "fmt/format.h"
#include "wasm/module/proposals.h"

namespace faaslet::wasm {

// Reads a one-byte type code (function type form, value type, reference type). The binary format
// defines these as negative 7-bit signed LEB128 numbers, so a byte with its continuation bit set
// is an over-long integer rather than an unknown type.
uint8_t readTypeCode(ByteReader& r, const char* what) {
    const size_t at = r.position();
    const uint8_t code = r.u8();
    if (code & 0x80) {
        r.failAt(at, fmt::format("integer representation too long: type code 0x{:02x} for {} has its "
                                 "continuation bit set",
                                 code, what));
    }
    return code;
}

namespace {

// A type byte 2.0 does not define but a later proposal does is refused by that proposal's name.
void refuseProposalType(ByteReader& r, size_t at, uint8_t code) {
    if (auto proposal = proposalOfValType(code)) {
        r.failAt(at, unsupportedProposal(*proposal), Error::Kind::Unsupported);
    }
}

}  // namespace

ValType readValType(ByteReader& r, const char* what) {
    const size_t at = r.position();
    const uint8_t code = readTypeCode(r, what);
    if (!isValTypeCode(code)) {
        refuseProposalType(r, at, code);
        r.failAt(at, fmt::format("malformed value type: expected a value type (i32, i64, f32, f64, v128, "
                                 "funcref or externref) for {}, found 0x{:02x}",
                                 what, code));
    }
    return ValType(code);
}

ValType readRefType(ByteReader& r, const char* what) {
    const size_t at = r.position();
    const uint8_t code = readTypeCode(r, what);
    if (code != uint8_t(ValType::FuncRef) && code != uint8_t(ValType::ExternRef)) {
        refuseProposalType(r, at, code);
        r.failAt(at, fmt::format("malformed reference type: expected 0x70 (funcref) or 0x6f (externref) "
                                 "for {}, found 0x{:02x}",
                                 what, code));
    }
    return ValType(code);
}

// limits ::= 0x00 min:u32 | 0x01 min:u32 max:u32. The flag is a 1-bit LEB128 number in the spec's
// reference interpreter, hence the two different errors.
Limits readLimits(ByteReader& r) {
    const size_t at = r.position();
    const uint8_t flag = r.u8();
    if (flag & 0x80) {
        r.failAt(at, fmt::format("integer representation too long: limits flag 0x{:02x} has its "
                                 "continuation bit set (malformed limits flags)",
                                 flag));
    }
    if (flag > 1) {
        r.failAt(at, fmt::format("integer too large: malformed limits flags 0x{:02x}, expected 0x00 "
                                 "(minimum only) or 0x01 (minimum and maximum)",
                                 flag));
    }
    Limits result;
    result.min = r.u32();
    if (flag == 1) result.max = r.u32();
    return result;
}

TableType readTableType(ByteReader& r) {
    TableType t;
    t.elemType = readRefType(r, "a table");
    t.limits = readLimits(r);
    return t;
}

MemoryType readMemoryType(ByteReader& r) {
    return MemoryType{readLimits(r)};
}

GlobalType readGlobalType(ByteReader& r) {
    GlobalType g;
    g.type = readValType(r, "a global");
    const size_t at = r.position();
    const uint8_t mut = r.u8();
    if (mut > 1) {
        r.failAt(at, fmt::format("malformed mutability: expected 0x00 (const) or 0x01 (var), found 0x{:02x}",
                                 mut));
    }
    g.isMutable = mut == 1;
    return g;
}

ExternKind readExternKind(ByteReader& r, const char* what) {
    const size_t at = r.position();
    const uint8_t kind = r.u8();
    if (kind > uint8_t(ExternKind::Global)) {
        // The spec suite of 2.0 asserts kind 0x04 malformed, so it stays malformed, but the
        // message names the proposal that defines it.
        const auto proposal = proposalOfExternKind(kind);
        r.failAt(at, fmt::format("malformed {} kind: expected 0x00 (func), 0x01 (table), 0x02 (memory) "
                                 "or 0x03 (global), found 0x{:02x}{}",
                                 what, kind,
                                 proposal ? fmt::format(" ({})", unsupportedProposal(*proposal)) : ""));
    }
    return ExternKind(kind);
}

}  // namespace faaslet::wasm

// The decoder: the contents of each section, good and malformed.

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_util.h"

namespace faaslet::wasm::test {
namespace {

TEST(DecoderTypes, AllValueTypes) {
    Module m = decodeOk(module({section(1, {0x02,                                            //
                                            0x60, 0x04, 0x7f, 0x7e, 0x7d, 0x7c, 0x01, 0x7b,  //
                                            0x60, 0x00, 0x02, 0x70, 0x6f})}));
    ASSERT_EQ(m.types.size(), 2u);
    EXPECT_EQ(m.types[0].params,
              (std::vector<ValType>{ValType::I32, ValType::I64, ValType::F32, ValType::F64}));
    EXPECT_EQ(m.types[0].results, std::vector<ValType>{ValType::V128});
    EXPECT_TRUE(m.types[1].params.empty());
    EXPECT_EQ(m.types[1].results, (std::vector<ValType>{ValType::FuncRef, ValType::ExternRef}));
}

TEST(DecoderTypes, NonMinimalCounts) {
    Module m = decodeOk(module({section(1, {0x01, 0x60, 0x82, 0x00, 0x7f, 0x7e, 0x81, 0x00, 0x7f})}));
    ASSERT_EQ(m.types.size(), 1u);
    EXPECT_EQ(m.types[0].params.size(), 2u);
    EXPECT_EQ(m.types[0].results.size(), 1u);
}

TEST(DecoderTypes, Malformed) {
    EXPECT_MALFORMED(module({section(1, {0x01, 0x61, 0x00, 0x00})}), "type", 11,
                     "expected 0x60 (function type), found 0x61");
    EXPECT_MALFORMED(module({section(1, {0x01, 0x40, 0x00, 0x00})}), "type", 11, "malformed function type");
    // -0x20 as a two-byte signed LEB128: an over-long type code.
    EXPECT_MALFORMED(module({section(1, {0x01, 0xe0, 0x7f, 0x00, 0x00})}), "type", 11,
                     "integer representation too long");
    EXPECT_MALFORMED(module({section(1, {0x01, 0x60, 0x01, 0x7a, 0x00})}), "type", 13,
                     "malformed value type");
    EXPECT_MALFORMED(module({section(1, {0x01, 0x60, 0x00, 0x01, 0x40})}), "type", 14,
                     "malformed value type");
    EXPECT_MALFORMED(module({section(1, {0x01, 0x60, 0x01, 0xff, 0x00})}), "type", 13,
                     "integer representation too long");
    // Over-long and too-large counts.
    EXPECT_MALFORMED(
        module({section(1, {0x01, 0x60, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00, 0x7f, 0x7e, 0x01, 0x7f})}),
        "type", 12, "integer representation too long");
    EXPECT_MALFORMED(module({section(1, {0x01, 0x60, 0x02, 0x7f, 0x7e, 0x81, 0x80, 0x80, 0x80, 0x10, 0x7f})}),
                     "type", 15, "integer too large");
}

TEST(DecoderImports, AllKinds) {
    Module m =
        decodeOk(module({typeSectionVoid(),
                         section(2, cat({Bytes{0x05},                                //
                                         name("env"), name("f"), Bytes{0x00, 0x00},  //
                                         name("env"), name("t"), Bytes{0x01, 0x6f, 0x01, 0x02, 0x03},
                                         name("env"), name("m"), Bytes{0x02, 0x00, 0x01},  //
                                         name("env"), name("g"), Bytes{0x03, 0x7e, 0x01},  //
                                         name("spectest"), name("print_i32"), Bytes{0x00, 0x80, 0x00}}))}));
    ASSERT_EQ(m.imports.size(), 5u);
    EXPECT_EQ(m.importedFunctions, 2u);
    EXPECT_EQ(m.importedTables, 1u);
    EXPECT_EQ(m.importedMemories, 1u);
    EXPECT_EQ(m.importedGlobals, 1u);
    EXPECT_EQ(m.imports[0].module, "env");
    EXPECT_EQ(m.imports[0].name, "f");
    EXPECT_EQ(m.imports[0].kind, ExternKind::Func);
    EXPECT_EQ(m.imports[1].kind, ExternKind::Table);
    EXPECT_EQ(m.imports[1].table.elemType, ValType::ExternRef);
    EXPECT_EQ(m.imports[1].table.limits.min, 2u);
    EXPECT_EQ(m.imports[1].table.limits.max, 3u);
    EXPECT_EQ(m.imports[2].memory.limits.min, 1u);
    EXPECT_FALSE(m.imports[2].memory.limits.max);
    EXPECT_EQ(m.imports[3].global.type, ValType::I64);
    EXPECT_TRUE(m.imports[3].global.isMutable);
    EXPECT_EQ(m.imports[4].module, "spectest");
    EXPECT_EQ(m.imports[4].funcType, 0u);
    EXPECT_EQ(m.functionCount(), 2u);
    EXPECT_EQ(m.funcTypeIndex(1), 0u);
}

TEST(DecoderImports, Malformed) {
    const Bytes names = cat({name(""), name("")});
    for (uint8_t kind : {0x04, 0x05, 0x80}) {
        EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, names, Bytes{kind}}))}), "import", 13,
                         "malformed import kind");
        EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, names, Bytes{kind, 0x00}}))}), "import", 13,
                         "malformed import kind");
    }
    EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, names, Bytes{0x03, 0x7f, 0x02}}))}), "import", 15,
                     "malformed mutability");
    EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, names, Bytes{0x03, 0x7f, 0xff}}))}), "import", 15,
                     "expected 0x00 (const) or 0x01 (var), found 0xff");
    EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, names, Bytes{0x01, 0x7f, 0x00, 0x00}}))}), "import",
                     14, "malformed reference type");
    EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, names, Bytes{0x02, 0x02, 0x00}}))}), "import", 14,
                     "integer too large");
    // Names: over-long length, invalid UTF-8 (reported at the name's length).
    EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01, 0x88, 0x80, 0x80, 0x80, 0x80, 0x00}, raw("spectest"),
                                             name("print_i32"), Bytes{0x00, 0x00}}))}),
                     "import", 11, "integer representation too long");
    EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, name("\xff"), name(""), Bytes{0x00, 0x00}}))}),
                     "import", 11, "malformed UTF-8 encoding");
    EXPECT_MALFORMED(module({section(2, cat({Bytes{0x01}, name("a"), name("\xe2\x82"), Bytes{0x00, 0x00}}))}),
                     "import", 13, "malformed UTF-8 encoding");
    // Two imports declared, one given (the count fits the bytes, the second import does not).
    EXPECT_MALFORMED(
        module({section(2, cat({Bytes{0x02}, name("spectest"), name("print_i32"), Bytes{0x00, 0x00}}))}),
        "import", 32, "unexpected end");
}

TEST(DecoderTablesMemories, Limits) {
    Module m =
        decodeOk(module({section(4, {0x02, 0x70, 0x00, 0x00, 0x6f, 0x01, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f}),
                         section(5, {0x01, 0x01, 0x82, 0x00, 0x82, 0x80, 0x80, 0x80, 0x00})}));
    ASSERT_EQ(m.tables.size(), 2u);
    EXPECT_EQ(m.tables[0].elemType, ValType::FuncRef);
    EXPECT_FALSE(m.tables[0].limits.max);
    EXPECT_EQ(m.tables[1].elemType, ValType::ExternRef);
    EXPECT_EQ(m.tables[1].limits.min, 1u);
    EXPECT_EQ(m.tables[1].limits.max, 0xffffffffu);
    ASSERT_EQ(m.memories.size(), 1u);
    EXPECT_EQ(m.memories[0].limits.min, 2u);
    EXPECT_EQ(m.memories[0].limits.max, 2u);
}

TEST(DecoderTablesMemories, MalformedLimits) {
    EXPECT_MALFORMED(module({section(4, {0x01, 0x70, 0x02})}), "table", 12, "integer too large");
    EXPECT_MALFORMED(module({section(4, {0x01, 0x70, 0x08, 0x00})}), "table", 12, "malformed limits flags");
    EXPECT_MALFORMED(module({section(4, {0x01, 0x70, 0x81, 0x00, 0x00, 0x00})}), "table", 12,
                     "integer representation too long");
    EXPECT_MALFORMED(module({section(4, {0x01, 0x7f, 0x00, 0x00})}), "table", 11, "malformed reference type");
    EXPECT_MALFORMED(module({section(5, {0x01, 0x02, 0x00})}), "memory", 11, "integer too large");
    EXPECT_MALFORMED(module({section(5, {0x01, 0x03, 0x00, 0x00})}), "memory", 11,
                     "integer too large");  // shared
    EXPECT_MALFORMED(module({section(5, {0x01, 0x10, 0x00})}), "memory", 11, "integer too large");
    EXPECT_MALFORMED(module({section(5, {0x01, 0x81, 0x01, 0x00, 0x00})}), "memory", 11,
                     "integer representation too long");
    EXPECT_MALFORMED(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00})}), "memory", 12,
                     "integer representation too long");
    EXPECT_MALFORMED(module({section(5, {0x01, 0x01, 0x82, 0x00, 0x82, 0x80, 0x80, 0x80, 0x10})}), "memory",
                     14, "integer too large");
    // One memory declared, none given.
    EXPECT_MALFORMED(module({section(5, {0x01})}), "memory", 10, "unexpected end");
    EXPECT_MALFORMED(module({section(4, {0x01})}), "table", 10, "unexpected end");
}

TEST(DecoderGlobals, ConstantExpressionsAreDecoded) {
    Module m = decodeOk(module({section(6, {0x03,                                //
                                            0x7f, 0x00, 0x41, 0x80, 0x00, 0x0b,  //
                                            0x7e, 0x01, 0x42, 0x7f, 0x0b,        //
                                            0x70, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x0b})}));
    ASSERT_EQ(m.globals.size(), 3u);
    const Global& g0 = m.globals[0];
    EXPECT_EQ(g0.type.type, ValType::I32);
    EXPECT_FALSE(g0.type.isMutable);
    EXPECT_EQ(g0.init.offset, 13u);
    ASSERT_EQ(g0.init.code.size(), 2u);
    EXPECT_EQ(g0.init.code[0].op, Opcode::I32Const);
    EXPECT_EQ(g0.init.code[0].bits, 0u);
    EXPECT_EQ(g0.init.code[0].offset, 13u);
    EXPECT_EQ(g0.init.code[1].op, Opcode::End);
    EXPECT_EQ(g0.init.code[1].offset, 16u);
    EXPECT_TRUE(m.globals[1].type.isMutable);
    EXPECT_EQ(m.globals[1].init.code[0].bits, ~uint64_t(0));  // i64.const -1
    // Any instruction is decoded; the validator decides what is constant.
    ASSERT_EQ(m.globals[2].init.code.size(), 4u);
    EXPECT_EQ(m.globals[2].init.code[0].op, Opcode::GlobalGet);
    EXPECT_EQ(m.globals[2].init.code[2].op, Opcode::I32Add);
}

TEST(DecoderGlobals, NestedBlocksKeepTheirEnds) {
    Module m = decodeOk(module({section(6, {0x01, 0x7f, 0x00, 0x02, 0x7f, 0x41, 0x00, 0x0b, 0x0b})}));
    ASSERT_EQ(m.globals[0].init.code.size(), 4u);
    EXPECT_EQ(m.globals[0].init.code[3].op, Opcode::End);
}

TEST(DecoderGlobals, Malformed) {
    // Missing `end`: the expression runs past the section.
    EXPECT_MALFORMED(module({section(6, {0x01, 0x7f, 0x00, 0x41, 0x00}), typeSectionVoid()}), "global", 15,
                     "unexpected end");
    EXPECT_MALFORMED(module({section(6, {0x01, 0x7f, 0x00, 0xff, 0x0b})}), "global", 13, "illegal opcode");
    EXPECT_MALFORMED(module({section(6, {0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b})}), "global", 12,
                     "malformed mutability");
    EXPECT_MALFORMED(module({section(6, {0x01, 0x7f, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b})}),
                     "global", 14, "integer representation too long");
    // Two globals declared, one given.
    EXPECT_MALFORMED(module({section(6, {0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b})}), "global", 16,
                     "unexpected end");
    EXPECT_MALFORMED(module({section(6, {0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f})}), "global", 17,
                     "unexpected end");
}

TEST(DecoderExports, AllKinds) {
    Module m = decodeOk(
        module({section(7, cat({Bytes{0x04}, name("f"), Bytes{0x00, 0x00}, name("t"), Bytes{0x01, 0x01},
                                name("m"), Bytes{0x02, 0x80, 0x00}, name("g"), Bytes{0x03, 0x07}}))}));
    ASSERT_EQ(m.exports.size(), 4u);
    EXPECT_EQ(m.exports[0].name, "f");
    EXPECT_EQ(m.exports[0].kind, ExternKind::Func);
    EXPECT_EQ(m.exports[1].kind, ExternKind::Table);
    EXPECT_EQ(m.exports[1].index, 1u);
    EXPECT_EQ(m.exports[2].kind, ExternKind::Memory);
    EXPECT_EQ(m.exports[3].kind, ExternKind::Global);
    EXPECT_EQ(m.exports[3].index, 7u);
}

TEST(DecoderExports, Malformed) {
    EXPECT_MALFORMED(module({section(7, cat({Bytes{0x01}, name("f"), Bytes{0x04, 0x00}}))}), "export", 13,
                     "malformed export kind");
    EXPECT_MALFORMED(module({section(7, cat({Bytes{0x01}, name("\xc0\xaf"), Bytes{0x00, 0x00}}))}), "export",
                     11, "malformed UTF-8 encoding");
    // Two exports declared, one given: the second name's length is missing.
    EXPECT_MALFORMED(module({section(7, cat({Bytes{0x02}, name("f1"), Bytes{0x00, 0x00}}))}), "export", 16,
                     "unexpected end");
}

TEST(DecoderStart, FunctionIndex) {
    Module m = decodeOk(
        module({typeSectionVoid(), functionSection(1), section(8, {0x80, 0x00}), codeSectionEmpty(1)}));
    EXPECT_EQ(m.start, 0u);
    EXPECT_MALFORMED(module({section(8, {})}), "start", 10, "unexpected end");
}

// Checks that `e` is `ref.func index end` at `offset`.
void expectRefFunc(const ConstExpr& e, uint32_t index, size_t offset) {
    ASSERT_EQ(e.code.size(), 2u);
    EXPECT_EQ(e.offset, offset);
    EXPECT_EQ(e.code[0].op, Opcode::RefFunc);
    EXPECT_EQ(e.code[0].a, index);
    EXPECT_EQ(e.code[0].offset, offset);
    EXPECT_EQ(e.code[1].op, Opcode::End);
}

TEST(DecoderElems, AllEightEncodings) {
    const Bytes i32Const1 = {0x41, 0x01, 0x0b};
    const Bytes refFunc0 = {0xd2, 0x00, 0x0b};
    const Bytes refNullExtern = {0xd0, 0x6f, 0x0b};
    const Bytes contents = cat({Bytes{0x08},
                                Bytes{0x00},
                                i32Const1,
                                Bytes{0x02, 0x00, 0x01},        // 0 at 11
                                Bytes{0x01, 0x00, 0x01, 0x02},  // 1 at 18
                                Bytes{0x02, 0x03},
                                i32Const1,
                                Bytes{0x00, 0x01, 0x00},              // 2 at 22
                                Bytes{0x03, 0x00, 0x01, 0x81, 0x01},  // 3 at 30
                                Bytes{0x04},
                                i32Const1,
                                Bytes{0x01},
                                refFunc0,  // 4 at 35
                                Bytes{0x05, 0x6f, 0x02},
                                refNullExtern,
                                refNullExtern,  // 5 at 43
                                Bytes{0x06, 0x01},
                                i32Const1,
                                Bytes{0x70, 0x01},
                                refFunc0,  // 6 at 52
                                Bytes{0x07, 0x70, 0x01},
                                refFunc0});  // 7 at 62
    Module m = decodeOk(module({section(9, contents)}));
    ASSERT_EQ(m.elems.size(), 8u);
    using Mode = ElemSegment::Mode;
    const Mode modes[] = {Mode::Active, Mode::Passive, Mode::Active, Mode::Declarative,
                          Mode::Active, Mode::Passive, Mode::Active, Mode::Declarative};
    const uint32_t tables[] = {0, 0, 3, 0, 0, 0, 1, 0};
    const size_t offsets[] = {11, 18, 22, 30, 35, 43, 52, 62};
    for (size_t i = 0; i < 8; ++i) {
        SCOPED_TRACE(i);
        const ElemSegment& seg = m.elems[i];
        EXPECT_EQ(seg.mode, modes[i]);
        EXPECT_EQ(seg.table, tables[i]);
        EXPECT_EQ(seg.byteOffset, offsets[i]);
        EXPECT_EQ(seg.offset.has_value(), seg.mode == Mode::Active);
        if (seg.offset) {
            ASSERT_EQ(seg.offset->code.size(), 2u);
            EXPECT_EQ(seg.offset->code[0].op, Opcode::I32Const);
            EXPECT_EQ(seg.offset->code[0].bits, 1u);
        }
        EXPECT_EQ(seg.type, i == 5 ? ValType::ExternRef : ValType::FuncRef);
    }
    ASSERT_EQ(m.elems[0].items.size(), 2u);
    expectRefFunc(m.elems[0].items[0], 0, 16);
    expectRefFunc(m.elems[0].items[1], 1, 17);
    EXPECT_EQ(m.elems[0].items[1].code[1].offset, 18u);
    ASSERT_EQ(m.elems[1].items.size(), 1u);
    expectRefFunc(m.elems[1].items[0], 2, 21);
    ASSERT_EQ(m.elems[2].items.size(), 1u);
    expectRefFunc(m.elems[2].items[0], 0, 29);
    ASSERT_EQ(m.elems[3].items.size(), 1u);
    expectRefFunc(m.elems[3].items[0], 129, 33);
    ASSERT_EQ(m.elems[4].items.size(), 1u);
    expectRefFunc(m.elems[4].items[0], 0, 40);
    ASSERT_EQ(m.elems[5].items.size(), 2u);
    EXPECT_EQ(m.elems[5].items[1].code[0].op, Opcode::RefNull);
    EXPECT_EQ(m.elems[5].items[1].code[0].type, ValType::ExternRef);
    EXPECT_EQ(m.elems[5].items[1].offset, 49u);
    ASSERT_EQ(m.elems[6].items.size(), 1u);
    ASSERT_EQ(m.elems[7].items.size(), 1u);
    expectRefFunc(m.elems[7].items[0], 0, 65);
}

TEST(DecoderElems, NonMinimalFlagsAndTableIndex) {
    Module m = decodeOk(module({section(9, {0x01, 0x82, 0x00, 0x80, 0x00, 0x41, 0x00, 0x0b, 0x00, 0x00})}));
    ASSERT_EQ(m.elems.size(), 1u);
    EXPECT_EQ(m.elems[0].mode, ElemSegment::Mode::Active);
}

TEST(DecoderElems, Malformed) {
    EXPECT_MALFORMED(module({section(9, {0x01, 0x08, 0x00, 0x00})}), "element", 11,
                     "malformed elements segment kind");
    EXPECT_MALFORMED(module({section(9, {0x01, 0x01, 0x01, 0x00})}), "element", 12, "malformed element kind");
    EXPECT_MALFORMED(module({section(9, {0x01, 0x05, 0x7f, 0x01, 0xd2, 0x00, 0x0b})}), "element", 12,
                     "malformed reference type");
    EXPECT_MALFORMED(module({section(9, {0x01, 0x05, 0x70, 0x01, 0xf3, 0x00, 0x0b})}), "element", 14,
                     "illegal opcode");
    EXPECT_MALFORMED(module({section(9, {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x41, 0x00, 0x0b, 0x00})}),
                     "element", 11, "integer representation too long");
    EXPECT_MALFORMED(module({section(9, {0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0x41, 0x00, 0x0b, 0x00})}),
                     "element", 11, "integer too large");
    // Two segments declared, one and a half given.
    EXPECT_MALFORMED(module({section(9, {0x02, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, 0x00, 0x41, 0x00})}),
                     "element", 20, "unexpected end");
    // More elements than the largest table could hold.
    DecodeLimits limits;
    limits.maxTableSize = 2;
    EXPECT_TRUE(
        hitsLimit(decodeError(module({section(9, {0x01, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00})}), limits),
                    "element", 13, "too many elements"));
}

TEST(DecoderCode, LocalsAndCodeRange) {
    Module m = decodeOk(module({section(1, {0x01, 0x60, 0x02, 0x7f, 0x7f, 0x00}), functionSection(2),
                                section(10, {0x02,                                                  //
                                             0x08, 0x03, 0x00, 0x7f, 0x00, 0x7e, 0x02, 0x7d, 0x0b,  //
                                             0x05, 0x00, 0x20, 0x00, 0x1a, 0x0b})}));
    ASSERT_EQ(m.code.size(), 2u);
    const FunctionBody& f0 = m.code[0];
    EXPECT_EQ(f0.offset, 24u);
    ASSERT_EQ(f0.locals.size(), 3u);
    EXPECT_EQ(f0.locals[2].count, 2u);
    EXPECT_EQ(f0.locals[2].type, ValType::F32);
    EXPECT_EQ(f0.localCount, 2u);
    EXPECT_EQ(f0.code.begin, 32u);
    EXPECT_EQ(f0.code.end, 33u);
    const FunctionBody& f1 = m.code[1];
    EXPECT_EQ(f1.offset, 33u);
    EXPECT_TRUE(f1.locals.empty());
    EXPECT_EQ(f1.code.begin, 35u);
    EXPECT_EQ(f1.code.end, 39u);
    EXPECT_EQ(m.bytes[f1.code.end - 1], 0x0b);
}

// A module with one function of type [i32 i32] -> [] whose body is `body` (after its size).
Bytes withBody(const Bytes& body, uint32_t imports = 0) {
    Bytes importSection = {uint8_t(imports)};
    for (uint32_t i = 0; i < imports; ++i)
        importSection = cat({importSection, name("m"), name("f"), Bytes{0x00, 0x00}});
    return module({section(1, {0x01, 0x60, 0x02, 0x7f, 0x7f, 0x00}), section(2, importSection),
                   functionSection(1), section(10, cat({Bytes{0x01}, leb(body.size()), body}))});
}

TEST(DecoderCode, TooManyLocals) {
    // 0xffffffff locals and 2 more: past what a u32 counts, malformed (the spec suite's case) at the
    // run that overflows, in function 0.
    const Bytes body = {0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b};
    Error e = decodeError(withBody(body));
    EXPECT_TRUE(isMalformed(e, "code", 34, "more than 2^32 - 1"));
    EXPECT_EQ(e.function, 0u);
    // The function index counts imported functions.
    e = decodeError(withBody(body, 2));
    EXPECT_EQ(e.function, 2u);
    // Four runs of 2^30 would overflow a u32: the fourth is malformed, though the first was
    // already past faaslet's limit.
    const Bytes four = {0x04, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7f, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7e,
                        0x80, 0x80, 0x80, 0x80, 0x04, 0x7d, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7c, 0x0b};
    EXPECT_TRUE(isMalformed(decodeError(withBody(four)), "code", 46, "too many locals"));
    // 0xffffffff locals alone fit the format: only faaslet's limit refuses them, at their run.
    e = decodeError(withBody({0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b}));
    EXPECT_TRUE(hitsLimit(e, "code", 28, "too many locals: 2 parameters and 4294967295 locals"));
    EXPECT_EQ(kindName(e.kind), std::string("implementation limit"));
    // A local count must fit in a u32.
    EXPECT_TRUE(
        isMalformed(decodeError(withBody({0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7f, 0x02, 0x7e, 0x0b})),
                    "code", 28, "integer too large"));
    // The limit includes the two parameters: 49998 locals are fine, 49999 are not.
    Module m = decodeOk(withBody(cat({Bytes{0x01}, leb(49998), Bytes{0x7f, 0x0b}})));
    EXPECT_EQ(m.code[0].localCount, 49998u);
    EXPECT_TRUE(
        hitsLimit(decodeError(withBody(cat({Bytes{0x02, 0x01, 0x7e}, leb(49998), Bytes{0x7f, 0x0b}}))),
                  "code", 30, "too many locals"));
}

TEST(DecoderCode, MalformedBodies) {
    // Body size past the end of the section.
    EXPECT_MALFORMED(module({typeSectionVoid(), functionSection(1), section(10, {0x01, 0x05, 0x00, 0x0b})}),
                     "code", 21, "length out of bounds");
    // Body size shorter than its contents: the rest is left in the section.
    EXPECT_MALFORMED(module({typeSectionVoid(), functionSection(1), section(10, {0x01, 0x01, 0x00, 0x0b})}),
                     "code", 23, "section size mismatch");
    // Body size 0: the local declarations are missing.
    EXPECT_MALFORMED(module({typeSectionVoid(), functionSection(1), section(10, {0x01, 0x00})}), "code", 22,
                     "unexpected end");
    // A run count that cannot fit in the body.
    EXPECT_MALFORMED(withBody({0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b}), "code", 27, "unexpected end");
    // Local of a bad type.
    EXPECT_MALFORMED(withBody({0x01, 0x01, 0x40, 0x0b}), "code", 29, "malformed value type");
    // Function size limit.
    DecodeLimits limits;
    limits.maxFunctionSize = 3;
    EXPECT_TRUE(
        hitsLimit(decodeError(withBody({0x00, 0x01, 0x01, 0x0b}), limits), "code", 26, "limit is 3"));
    decodeOk(withBody({0x00, 0x01, 0x0b}), limits);
}

TEST(DecoderData, AllEncodings) {
    Module m = decodeOk(module({section(11, cat({Bytes{0x04},                                    //
                                                 Bytes{0x00, 0x41, 0x03, 0x0b}, name("abc"),     // 11
                                                 Bytes{0x01}, name("de"),                        // 19
                                                 Bytes{0x02, 0x01, 0x41, 0x00, 0x0b}, name(""),  // 23
                                                 Bytes{0x82, 0x00, 0x80, 0x00, 0x41, 0x00, 0x0b, 0x00}}))}));
    ASSERT_EQ(m.data.size(), 4u);
    const DataSegment& d0 = m.data[0];
    EXPECT_EQ(d0.mode, DataSegment::Mode::Active);
    EXPECT_EQ(d0.memory, 0u);
    EXPECT_EQ(d0.byteOffset, 11u);
    ASSERT_TRUE(d0.offset);
    EXPECT_EQ(d0.offset->code[0].bits, 3u);
    EXPECT_EQ(std::string(m.bytes.begin() + d0.bytes.begin, m.bytes.begin() + d0.bytes.end), "abc");
    EXPECT_EQ(m.data[1].mode, DataSegment::Mode::Passive);
    EXPECT_FALSE(m.data[1].offset);
    EXPECT_EQ(m.data[1].bytes.begin, 21u);
    EXPECT_EQ(m.data[1].bytes.size(), 2u);
    EXPECT_EQ(m.data[2].mode, DataSegment::Mode::Active);
    EXPECT_EQ(m.data[2].memory, 1u);  // an unknown memory is the validator's business
    EXPECT_EQ(m.data[2].bytes.size(), 0u);
    EXPECT_EQ(m.data[3].mode, DataSegment::Mode::Active);
    EXPECT_EQ(m.data[3].memory, 0u);
}

TEST(DecoderData, Malformed) {
    EXPECT_MALFORMED(module({section(11, {0x01, 0x03, 0x00})}), "data", 11, "malformed data segment kind");
    // 7 bytes declared, 6 given.
    EXPECT_MALFORMED(module({section(11, cat({Bytes{0x01, 0x00, 0x41, 0x03, 0x0b, 0x07}, raw("abcdef")}))}),
                     "data", 15, "unexpected end");
    // 5 bytes declared, 6 given.
    EXPECT_MALFORMED(module({section(11, cat({Bytes{0x01, 0x00, 0x41, 0x00, 0x0b, 0x05}, raw("abcdef")}))}),
                     "data", 21, "section size mismatch");
    // Two declared, one given.
    EXPECT_MALFORMED(module({section(11, {0x02, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x61})}), "data", 17,
                     "unexpected end");
    EXPECT_MALFORMED(
        module({section(11, {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x41, 0x00, 0x0b, 0x00})}), "data", 11,
        "integer representation too long");
}

}  // namespace
}  // namespace faaslet::wasm::test

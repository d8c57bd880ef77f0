// Loading compiled objects: symbol tables, checks, the code range and function lookup.

#include <gtest/gtest.h>

#include "runtime/address_ranges.h"
#include "runtime/loaded_module.h"
#include "runtime/type_registry.h"
#include "tests/unit/runtime_test_modules.h"

namespace faaslet::runtime::test {
namespace {

TEST(RuntimeLoadedModule, LoadsTheTablesAndResolvesTypeIds) {
    auto loaded = load("memory_fixture", memoryModule());
    ASSERT_TRUE(loaded);
    const wasm::Module& m = loaded->module();
    ASSERT_EQ(loaded->typeIds().size(), m.types.size());
    for (uint32_t t = 0; t < m.types.size(); ++t) {
        EXPECT_EQ(TypeRegistry::process().type(loaded->typeIds()[t]), m.types[t]);
        EXPECT_NE(loaded->thunk(t), nullptr);
    }
    for (uint32_t f = 0; f < m.functions.size(); ++f) {
        auto code = uintptr_t(loaded->functionCode(f));
        EXPECT_GE(code, loaded->codeBegin());
        EXPECT_LT(code, loaded->codeEnd());
    }
    EXPECT_EQ(loaded->exportIndex("fac_trap"), 11u);
    EXPECT_FALSE(loaded->exportIndex("missing").has_value());
}

TEST(RuntimeLoadedModule, MapsAddressesToFunctions) {
    auto loaded = load("memory_fixture", memoryModule());
    ASSERT_TRUE(loaded);
    for (uint32_t f = 0; f < loaded->module().functions.size(); ++f) {
        auto start = uintptr_t(loaded->functionCode(f));
        for (uintptr_t pc : {start, start + 1}) {
            auto location = loaded->functionAt(pc);
            ASSERT_TRUE(location) << "function " << f;
            EXPECT_EQ(location->function, f);
            EXPECT_EQ(location->start, start);
        }
    }
    // Thunks are code but not functions.
    EXPECT_FALSE(loaded->functionAt(uintptr_t(loaded->thunk(0)) + 1).has_value());
    EXPECT_FALSE(loaded->functionAt(loaded->codeEnd()).has_value());
    EXPECT_EQ(loaded->functionName(memory_fixture::FacTrap), "fac_trap");
}

TEST(RuntimeLoadedModule, ImportsShiftTheFunctionIndexSpace) {
    auto loaded = load("import_fixture", importModule());
    ASSERT_TRUE(loaded);
    auto location = loaded->functionAt(uintptr_t(loaded->functionCode(import_fixture::Twice)));
    ASSERT_TRUE(location);
    EXPECT_EQ(location->function, uint32_t(import_fixture::Twice));
    EXPECT_EQ(loaded->functionName(import_fixture::Twice), "twice");
}

TEST(RuntimeLoadedModule, TheCodeRangeIsRegisteredWhileLoaded) {
    uintptr_t begin = 0;
    {
        auto loaded = load("import_fixture", importModule());
        ASSERT_TRUE(loaded);
        begin = loaded->codeBegin();
        EXPECT_EQ(compiledCodeRanges().find(uintptr_t(loaded->functionCode(import_fixture::Twice))),
                  loaded.get());
    }
    EXPECT_EQ(compiledCodeRanges().find(begin), nullptr);
}

// Each load maps a sealed copy of its own: two loads of one file are apart, and unloading one
// leaves the other's code registered.
TEST(RuntimeLoadedModule, EachLoadIsAMappingOfItsOwn) {
    auto first = load("memory_fixture", memoryModule());
    auto second = load("memory_fixture", memoryModule());
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->functionCode(3), second->functionCode(3));
    const auto secondCode = uintptr_t(second->functionCode(3));
    first.reset();
    EXPECT_EQ(compiledCodeRanges().find(secondCode), second.get());
}

TEST(RuntimeLoadedModule, MissingFile) {
    auto loaded = LoadedModule::load(fixturePath("no_such_fixture"), memoryModule());
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().kind, Error::Kind::Load);
    EXPECT_NE(loaded.error().message.find("no_such_fixture.so"), std::string::npos) << loaded.error().message;
}

TEST(RuntimeLoadedModule, NotAFaasletObject) {
    auto loaded = LoadedModule::load(fixturePath("not_faaslet_fixture"), memoryModule());
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find("not a faaslet compiled module"), std::string::npos)
        << loaded.error().message;
}

TEST(RuntimeLoadedModule, NotASharedObjectAtAll) {
    auto loaded =
        LoadedModule::load(std::string(FAASLET_RUNTIME_FIXTURE_DIR) + "/../CMakeCache.txt", memoryModule());
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().kind, Error::Kind::Load);
}

TEST(RuntimeLoadedModule, AnotherAbiVersion) {
    auto module = std::make_shared<wasm::Module>();
    module->types = {funcType({}, {})};
    module->functions = {0};
    auto loaded = LoadedModule::load(fixturePath("bad_version_fixture"), module);
    ASSERT_FALSE(loaded.ok());
    // The fixture claims kAbiVersion + 998 (bad_version_fixture.cpp).
    const std::string claimed = "ABI version " + std::to_string(abi::kAbiVersion + 998);
    EXPECT_NE(loaded.error().message.find(claimed), std::string::npos) << loaded.error().message;
}

TEST(RuntimeLoadedModule, MetadataThatDisagreesWithTheObject) {
    auto fewerFunctions = memoryModule();
    fewerFunctions->functions.pop_back();
    auto loaded = LoadedModule::load(fixturePath("memory_fixture"), fewerFunctions);
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find("function table has 15 entries"), std::string::npos)
        << loaded.error().message;

    auto moreTypes = memoryModule();
    moreTypes->types.push_back(funcType({ValType::F64}, {}));
    loaded = LoadedModule::load(fixturePath("memory_fixture"), moreTypes);
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find("thunk table has 7 entries"), std::string::npos)
        << loaded.error().message;
}

}  // namespace
}  // namespace faaslet::runtime::test

// The ELF policy (cache/elf_policy.h): what the compiler emits passes at every optimisation level;
// constructors, destructors, dependencies, IFUNCs, TLS, executable stacks and relocations of other
// kinds are refused before anything of the object runs — proved by a constructor that would leave
// a marker file; crafted and truncated objects are refused without a crash.

#include <dlfcn.h>
#include <elf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "cache/elf_policy.h"
#include "wasm/decoder/decoder.h"
#include "compiler/compiler.h"
#include "wasm/validator/validator.h"
#include "runtime/loaded_module.h"
#include "tests/unit/cache_test_support.h"
#include "tests/unit/host_shared_object.h"

namespace faaslet::cache::test {
namespace {

namespace fs = std::filesystem;
using faaslet::test::buildHostSharedObject;

std::shared_ptr<const wasm::Module> decodedExample(const std::string& name) {
    auto decoded = wasm::decode(readBytes(fs::path(FAASLET_EXAMPLES_DIR) / name));
    if (!decoded) throw std::runtime_error(decoded.error().toString());
    if (auto valid = wasm::validate(*decoded); !valid) throw std::runtime_error(valid.error().toString());
    return std::make_shared<const wasm::Module>(std::move(*decoded));
}

fs::path compileExample(const TempDir& temp, const std::string& name, compiler::OptLevel level) {
    auto module = decodedExample(name);
    compiler::CompileOptions options;
    options.optLevel = level;
    const fs::path object = temp / (name + "." + std::to_string(int(level)) + ".so");
    auto result = compiler::compile(*module, options, object);
    if (!result.error.empty()) throw std::runtime_error(result.error);
    return object;
}

std::string violationOf(const std::vector<uint8_t>& object) {
    return elfPolicyViolation(object).value_or("");
}

TEST(CacheElfPolicy, WhatTheCompilerEmitsPassesAtEveryLevel) {
    TempDir temp;
    for (const char* name : {"hello.wasm", "fib.wasm", "matmul.wasm", "wordcount.wasm"}) {
        for (auto level : {compiler::OptLevel::O0, compiler::OptLevel::O2, compiler::OptLevel::O3}) {
            const auto object = readBytes(compileExample(temp, name, level));
            EXPECT_EQ(elfPolicyViolation(object), std::nullopt) << name << " at level " << int(level);
        }
    }
}

TEST(CacheElfPolicy, TheRuntimeFixturesPass) {
    for (const char* name : {"memory_fixture", "import_fixture", "bad_version_fixture", "not_faaslet_fixture"}) {
        const auto object = readBytes(fs::path(FAASLET_RUNTIME_FIXTURE_DIR) / (std::string(name) + ".so"));
        EXPECT_EQ(elfPolicyViolation(object), std::nullopt) << name;
    }
}

// The constructor leaves a marker: the proof that it ran.
std::string constructorSource(const fs::path& marker) {
    return "#include <fcntl.h>\n#include <unistd.h>\n"
           "__attribute__((constructor)) static void planted(void) {\n"
           "    int fd = open(\"" + marker.string() + "\", O_CREAT | O_WRONLY, 0600);\n"
           "    if (fd >= 0) close(fd);\n"
           "}\n"
           "int faaslet_abi_version = 1;\n";
}

TEST(CacheElfPolicy, AConstructorReallyRunsUnderPlainDlopen) {
    // The control for the test below: the same object, loaded without the policy, does run its
    // constructor. (It only makes a file in the test's directory.)
    TempDir temp;
    const fs::path marker = temp / "constructor-ran";
    const fs::path object = buildHostSharedObject(temp.path(), "planted", constructorSource(marker));
    void* handle = dlopen(object.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle, nullptr) << dlerror();
    EXPECT_TRUE(fs::exists(marker));
    dlclose(handle);
}

TEST(CacheElfPolicy, AnObjectWithAConstructorIsRefusedBeforeItRuns) {
    TempDir temp;
    const fs::path marker = temp / "constructor-ran";
    const fs::path object = buildHostSharedObject(temp.path(), "planted", constructorSource(marker));
    EXPECT_NE(violationOf(readBytes(object)).find("constructor"), std::string::npos) << violationOf(readBytes(object));
    auto loaded = runtime::LoadedModule::load(object.string(), std::make_shared<const wasm::Module>());
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find("refused to load"), std::string::npos) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("constructor"), std::string::npos) << loaded.error().message;
    EXPECT_FALSE(fs::exists(marker)) << "the constructor ran";
}

TEST(CacheElfPolicy, ASealedEntryWithAConstructorIsTreatedAsDamageAndNeverRuns) {
    TempDir temp;
    const fs::path marker = temp / "constructor-ran";
    const auto object = readBytes(buildHostSharedObject(temp.path(), "planted", constructorSource(marker)));
    // Sealed with the right key, as if faaslet itself had stored it: only the policy stands in the way.
    ObjectCache cache(temp / "cache", testKey(), elfPolicyViolation);
    const CacheKey key = keyNumber(1);
    ASSERT_TRUE(cache.store(key, {}, object).ok());
    auto found = cache.lookup(key);
    EXPECT_FALSE(found.hit);
    ASSERT_TRUE(found.warning);
    EXPECT_EQ(found.warning->kind, CacheWarning::Kind::DamagedEntry);
    ASSERT_TRUE(found.warning->problem);
    EXPECT_EQ(found.warning->problem->kind, EntryError::Kind::Rejected) << found.warning->toString();
    EXPECT_TRUE(found.warning->removed);
    EXPECT_FALSE(fs::exists(cache.entryDirectory(key)));
    EXPECT_FALSE(fs::exists(marker));
    // verify() applies the same policy.
    ASSERT_TRUE(cache.store(key, {}, object).ok());
    auto report = cache.verify();
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->sound, 0u);
    ASSERT_EQ(report->problems.size(), 1u);
    EXPECT_EQ(report->forged, 0u);
    EXPECT_FALSE(fs::exists(marker));
}

struct Refusal {
    const char* what;
    std::string source;
    std::string flags;
    const char* expected;  // in the message
};

TEST(CacheElfPolicy, EachKindOfObjectTheCompilerNeverEmitsIsRefused) {
    TempDir temp;
    const std::vector<Refusal> refusals = {
        {"destructor", "__attribute__((destructor)) static void d(void) {}\nint x = 1;\n", "-nostartfiles", "destructor"},
        {"dependency", "#include <math.h>\ndouble f(double x) { return cos(x); }\n", "-nostartfiles -lm", "DT_NEEDED"},
        {"ifunc",
         "static int impl(void) { return 1; }\nstatic void* resolve(void) { return (void*)impl; }\n"
         "int chosen(void) __attribute__((ifunc(\"resolve\")));\nint call(void) { return chosen(); }\n",
         "-nostdlib -fuse-ld=lld -Wl,-z,now", ""},
        {"thread-local", "__thread int counter;\nint bump(void) { return ++counter; }\n",
         "-nostdlib -fuse-ld=lld -Wl,-z,now", ""},
        {"executable stack", "int f(int x) { return x + 1; }\n", "-nostdlib -fuse-ld=lld -Wl,-z,now -Wl,-z,execstack",
         "executable stack"},
        {"lazy binding", "int f(int x) { return x + 1; }\n", "-nostdlib -fuse-ld=lld -Wl,-z,lazy -Wl,-z,nodelete",
         "DT_FLAGS"},
        {"undefined symbol", "extern int elsewhere(int);\nint f(int x) { return elsewhere(x); }\n",
         "-nostdlib -fuse-ld=lld -Wl,-z,now", ""},
    };
    for (size_t i = 0; i < refusals.size(); ++i) {
        const auto& refusal = refusals[i];
        const auto object =
            readBytes(buildHostSharedObject(temp.path(), "refused" + std::to_string(i), refusal.source, refusal.flags));
        const std::string why = violationOf(object);
        EXPECT_FALSE(why.empty()) << refusal.what << " was accepted";
        EXPECT_NE(why.find(refusal.expected), std::string::npos) << refusal.what << ": " << why;
    }
}

// A sound compiled object, patched where the policy must look.
class CraftedObject : public ::testing::Test {
protected:
    TempDir temp;
    std::vector<uint8_t> object = readBytes(compileExample(temp, "fib.wasm", compiler::OptLevel::O2));

    template <class T>
    T read(uint64_t offset) const {
        T value;
        std::memcpy(&value, object.data() + offset, sizeof value);
        return value;
    }
    template <class T>
    void write(uint64_t offset, const T& value) {
        std::memcpy(object.data() + offset, &value, sizeof value);
    }
    Elf64_Ehdr header() const { return read<Elf64_Ehdr>(0); }
    Elf64_Phdr programHeader(size_t i) const { return read<Elf64_Phdr>(header().e_phoff + i * sizeof(Elf64_Phdr)); }
    // The file offset of the dynamic entry with `tag` (the compiler's objects map the dynamic
    // section at its file offset within its load).
    uint64_t dynamicEntry(int64_t tag) const {
        for (size_t i = 0; i < header().e_phnum; ++i) {
            const auto ph = programHeader(i);
            if (ph.p_type != PT_DYNAMIC) continue;
            for (uint64_t at = ph.p_offset; at < ph.p_offset + ph.p_filesz; at += sizeof(Elf64_Dyn))
                if (read<Elf64_Dyn>(at).d_tag == tag) return at;
        }
        throw std::runtime_error("no such dynamic tag");
    }
    // The file offset of the first RELA relocation.
    uint64_t firstRelocation() const {
        const uint64_t address = read<Elf64_Dyn>(dynamicEntry(DT_RELA)).d_un.d_ptr;
        for (size_t i = 0; i < header().e_phnum; ++i) {
            const auto ph = programHeader(i);
            if (ph.p_type == PT_LOAD && address >= ph.p_vaddr && address < ph.p_vaddr + ph.p_filesz)
                return ph.p_offset + (address - ph.p_vaddr);
        }
        throw std::runtime_error("the relocations are not loaded");
    }
};

TEST_F(CraftedObject, TheUnpatchedObjectPasses) {
    EXPECT_EQ(elfPolicyViolation(object), std::nullopt);
}

TEST_F(CraftedObject, AnInitArrayTagIsRefused) {
    // DT_RELACOUNT is only a hint to the loader, so turning it into DT_INIT_ARRAY keeps the rest sound.
    const uint64_t at = dynamicEntry(DT_RELACOUNT);
    Elf64_Dyn entry = read<Elf64_Dyn>(at);
    entry.d_tag = DT_INIT_ARRAY;
    write(at, entry);
    EXPECT_NE(violationOf(object).find("constructors (DT_INIT_ARRAY)"), std::string::npos) << violationOf(object);
    entry.d_tag = DT_NEEDED;
    write(at, entry);
    EXPECT_NE(violationOf(object).find("DT_NEEDED"), std::string::npos) << violationOf(object);
    entry.d_tag = DT_PREINIT_ARRAY;
    write(at, entry);
    EXPECT_NE(violationOf(object).find("DT_PREINIT_ARRAY"), std::string::npos) << violationOf(object);
    entry.d_tag = DT_FINI;
    write(at, entry);
    EXPECT_NE(violationOf(object).find("DT_FINI"), std::string::npos) << violationOf(object);
}

TEST_F(CraftedObject, ARelocationOfAnotherTypeIsRefused) {
    const uint64_t at = firstRelocation();
    Elf64_Rela rela = read<Elf64_Rela>(at);
    for (uint32_t type : {uint32_t(R_X86_64_IRELATIVE), uint32_t(R_X86_64_64), uint32_t(R_X86_64_JUMP_SLOT),
                          uint32_t(R_X86_64_DTPMOD64), uint32_t(R_X86_64_COPY)}) {
        Elf64_Rela patched = rela;
        patched.r_info = ELF64_R_INFO(0, type);
        write(at, patched);
        EXPECT_NE(violationOf(object).find("has type " + std::to_string(type)), std::string::npos)
            << type << ": " << violationOf(object);
    }
}

TEST_F(CraftedObject, ARelocationAimedOutsideTheObjectIsRefused) {
    const uint64_t at = firstRelocation();
    Elf64_Rela rela = read<Elf64_Rela>(at);
    for (uint64_t target : {uint64_t(0), uint64_t(0x7fffffff0000), uint64_t(0) - 8}) {
        Elf64_Rela patched = rela;
        patched.r_offset = target;  // 0 is in the read-only first segment
        write(at, patched);
        EXPECT_NE(violationOf(object).find("outside the object's writable segments"), std::string::npos)
            << std::hex << target << ": " << violationOf(object);
    }
}

TEST_F(CraftedObject, AnExecutableStackOrInterpreterIsRefused) {
    for (size_t i = 0; i < header().e_phnum; ++i) {
        Elf64_Phdr ph = programHeader(i);
        if (ph.p_type != PT_GNU_STACK) continue;
        const uint64_t at = header().e_phoff + i * sizeof(Elf64_Phdr);
        ph.p_flags |= PF_X;
        write(at, ph);
        EXPECT_NE(violationOf(object).find("executable stack"), std::string::npos) << violationOf(object);
        ph.p_type = PT_INTERP;
        write(at, ph);
        EXPECT_NE(violationOf(object).find("PT_INTERP"), std::string::npos) << violationOf(object);
        return;
    }
    FAIL() << "no PT_GNU_STACK";
}

TEST_F(CraftedObject, ProgramHeadersThatPointOutsideTheObjectAreRefused) {
    const auto pristine = object;
    for (size_t i = 0; i < header().e_phnum; ++i) {
        Elf64_Phdr ph = programHeader(i);
        if (ph.p_type != PT_PHDR && ph.p_type != PT_GNU_RELRO) continue;
        const uint64_t at = header().e_phoff + i * sizeof(Elf64_Phdr);
        ph.p_vaddr += 0x100000;
        write(at, ph);
        EXPECT_NE(violationOf(object).find(ph.p_type == PT_PHDR ? "PT_PHDR" : "PT_GNU_RELRO"), std::string::npos)
            << violationOf(object);
        object = pristine;
    }
}

TEST_F(CraftedObject, TruncationAtEveryLengthIsRefusedWithoutACrash) {
    // Cut anywhere in what gets loaded; what follows (section headers, the static symbol table) is
    // not loaded, and an object without it is whole.
    uint64_t loadedEnd = 0;
    for (size_t i = 0; i < header().e_phnum; ++i)
        if (programHeader(i).p_type == PT_LOAD)
            loadedEnd = std::max(loadedEnd, programHeader(i).p_offset + programHeader(i).p_filesz);
    ASSERT_GT(loadedEnd, 4096u);
    for (size_t length = 0; length < loadedEnd; length += (length < 4096 ? 1 : 97)) {
        std::vector<uint8_t> cut(object.begin(), object.begin() + long(length));
        EXPECT_TRUE(elfPolicyViolation(cut).has_value()) << "length " << length;
    }
}

TEST_F(CraftedObject, FlippedBytesNeverCrashTheInspection) {
    // Whatever a flip does, the answer is a verdict, never a read outside the bytes (the ASan build
    // of the unit tests would say).
    const auto pristine = object;
    size_t refused = 0;
    for (size_t offset = 0; offset < std::min<size_t>(object.size(), 8192); ++offset) {
        for (uint8_t bit : {uint8_t(0x01), uint8_t(0x80)}) {
            object = pristine;
            object[offset] ^= bit;
            refused += elfPolicyViolation(object).has_value();
        }
    }
    EXPECT_GT(refused, 0u);
}

}  // namespace
}  // namespace faaslet::cache::test

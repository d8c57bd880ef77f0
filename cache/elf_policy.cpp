#include "cache/elf_policy.h"

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "common/expected.h"
#include "fmt/format.h"
#include "fmt/ranges.h"

namespace faaslet::cache {

namespace {

using Violation = std::optional<std::string>;

// No object the compiler links has more; a bound keeps a crafted header from costing anything.
constexpr uint16_t kMaxProgramHeaders = 64;
constexpr uint32_t kMaxHashBuckets = uint32_t(1) << 24;

class Bytes {
public:
    explicit Bytes(std::span<const uint8_t> bytes) : bytes_(bytes) {}
    uint64_t size() const { return bytes_.size(); }
    bool holds(uint64_t offset, uint64_t length) const {
        return offset <= bytes_.size() && length <= bytes_.size() - offset;
    }
    template <class T>
    std::optional<T> read(uint64_t offset) const {
        if (!holds(offset, sizeof(T))) return std::nullopt;
        T value;
        std::memcpy(&value, bytes_.data() + offset, sizeof value);
        return value;
    }
    // The NUL-terminated string at `offset` within [tableOffset, tableOffset + tableSize).
    std::string string(uint64_t tableOffset, uint64_t tableSize, uint64_t offset) const {
        std::string text;
        for (uint64_t i = offset; i < tableSize && text.size() < 128; ++i) {
            const char c = char(bytes_[tableOffset + i]);
            if (c == 0) break;
            text.push_back(c);
        }
        return text;
    }

private:
    std::span<const uint8_t> bytes_;
};

// The file offset of [address, address + length) of the loaded image, if one load's file-backed
// part holds all of it: dlopen reads the dynamic section and the tables it points to from there.
std::optional<uint64_t> fileOffsetOf(const std::vector<Elf64_Phdr>& loads, uint64_t address, uint64_t length) {
    for (const auto& load : loads) {
        if (address < load.p_vaddr) continue;
        const uint64_t into = address - load.p_vaddr;
        if (into <= load.p_filesz && length <= load.p_filesz - into) return load.p_offset + into;
    }
    return std::nullopt;
}

bool insideWritableLoad(const std::vector<Elf64_Phdr>& loads, uint64_t address, uint64_t length) {
    for (const auto& load : loads) {
        if (!(load.p_flags & PF_W) || address < load.p_vaddr) continue;
        const uint64_t into = address - load.p_vaddr;
        if (into <= load.p_memsz && length <= load.p_memsz - into) return true;
    }
    return false;
}

// Why a dynamic tag outside the accepted set is refused, in words.
std::string refusedTag(int64_t tag) {
    switch (tag) {
        case DT_INIT: return "a constructor (DT_INIT), which dlopen would run";
        case DT_INIT_ARRAY:
        case DT_INIT_ARRAYSZ: return "constructors (DT_INIT_ARRAY), which dlopen would run";
        case DT_PREINIT_ARRAY:
        case DT_PREINIT_ARRAYSZ: return "pre-initialisers (DT_PREINIT_ARRAY)";
        case DT_FINI: return "a destructor (DT_FINI), which dlclose would run";
        case DT_FINI_ARRAY:
        case DT_FINI_ARRAYSZ: return "destructors (DT_FINI_ARRAY), which dlclose would run";
        case DT_NEEDED: return "a dependency (DT_NEEDED), which dlopen would load and initialise";
        case DT_TEXTREL: return "text relocations (DT_TEXTREL)";
        case DT_JMPREL:
        case DT_PLTRELSZ:
        case DT_PLTREL:
        case DT_PLTGOT: return "a procedure linkage table (DT_JMPREL), for symbols from outside it";
        case DT_AUDIT:
        case DT_DEPAUDIT: return "an audit library (DT_AUDIT)";
        case DT_RPATH:
        case DT_RUNPATH: return "a library search path (DT_RUNPATH)";
        case DT_HASH: return "a SysV hash table (DT_HASH) where the compiler emits DT_GNU_HASH only";
        case DT_REL:
        case DT_RELSZ:
        case DT_RELENT: return "REL relocations (DT_REL)";
        case DT_VERNEED:
        case DT_VERSYM:
        case DT_VERDEF: return "symbol versions (DT_VERNEED), which only symbols from outside need";
        case DT_SYMBOLIC: return "DT_SYMBOLIC";
        default: return fmt::format("dynamic tag {:#x}, which the compiler never emits", uint64_t(tag));
    }
}

const char* symbolTypeProblem(const Elf64_Sym& symbol) {
    if (ELF64_ST_TYPE(symbol.st_info) == STT_GNU_IFUNC)
        return "is an IFUNC, whose resolver would run when it is looked up";
    if (ELF64_ST_TYPE(symbol.st_info) == STT_TLS) return "is thread-local";
    if (ELF64_ST_BIND(symbol.st_info) == STB_GNU_UNIQUE) return "is a GNU unique symbol";
    if (symbol.st_shndx == SHN_UNDEF) return "is undefined: it would be bound to a symbol from outside the object";
    return nullptr;
}

struct Dynamic {
    std::optional<uint64_t> symtab, syment, strtab, strsz, gnuHash, rela, relasz, relaent, relacount;
};

Violation checkHeader(const Bytes& file, Elf64_Ehdr& header) {
    auto read = file.read<Elf64_Ehdr>(0);
    if (!read || std::memcmp(read->e_ident, ELFMAG, SELFMAG) != 0) return "it is not an ELF file";
    header = *read;
    if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB ||
        header.e_ident[EI_VERSION] != EV_CURRENT)
        return "it is not a 64-bit little-endian ELF file";
    if (header.e_machine != EM_X86_64) return fmt::format("it is for machine {}, not x86-64", header.e_machine);
    if (header.e_type != ET_DYN) return "it is not a shared object (ET_DYN)";
    if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phnum == 0 || header.e_phnum > kMaxProgramHeaders ||
        !file.holds(header.e_phoff, uint64_t(header.e_phnum) * sizeof(Elf64_Phdr)))
        return "its program headers are malformed";
    return std::nullopt;
}

// Structural faults return at once; a program header of a kind the compiler never emits is kept in
// `unexpected` and reported after the dynamic section, whose constructors or dependencies say more
// about what the object is.
Violation checkProgramHeaders(const Bytes& file, const Elf64_Ehdr& header, std::vector<Elf64_Phdr>& loads,
                              std::optional<Elf64_Phdr>& dynamic, Violation& unexpected) {
    for (uint16_t i = 0; i < header.e_phnum; ++i) {
        const auto ph = *file.read<Elf64_Phdr>(header.e_phoff + uint64_t(i) * sizeof(Elf64_Phdr));
        switch (ph.p_type) {
            case PT_LOAD: {
                if (ph.p_filesz > ph.p_memsz || !file.holds(ph.p_offset, ph.p_filesz) ||
                    ph.p_memsz > UINT64_MAX - ph.p_vaddr)
                    return fmt::format("load segment {} does not fit the file", i);
                if (ph.p_align > 1 && ((ph.p_align & (ph.p_align - 1)) != 0 || ph.p_offset % ph.p_align != ph.p_vaddr % ph.p_align))
                    return fmt::format("load segment {} is misaligned", i);
                if ((ph.p_flags & PF_W) && (ph.p_flags & PF_X))
                    return fmt::format("load segment {} is both writable and executable", i);
                if (!loads.empty() && ph.p_vaddr < loads.back().p_vaddr + loads.back().p_memsz)
                    return fmt::format("load segment {} overlaps or precedes the one before it", i);
                loads.push_back(ph);
                break;
            }
            case PT_DYNAMIC:
                if (dynamic) return "it has two dynamic sections";
                dynamic = ph;
                break;
            case PT_GNU_STACK:
                if (ph.p_flags & PF_X) return "it asks for an executable stack (PT_GNU_STACK with PF_X)";
                break;
            case PT_PHDR:
            case PT_GNU_RELRO: break;
            case PT_INTERP: return "it names a program interpreter (PT_INTERP)";
            case PT_TLS: return "it has thread-local storage (PT_TLS)";
            default:
                if (!unexpected)
                    unexpected = fmt::format("it has a program header of type {:#x}, which the compiler never emits",
                                             uint64_t(ph.p_type));
        }
    }
    if (loads.empty()) return "it has no load segment";
    if (!dynamic) return "it has no dynamic section";
    // The loader reads the program headers back from memory where PT_PHDR says (dl_iterate_phdr,
    // and the runtime's code range with it), and makes PT_GNU_RELRO read-only after relocating:
    // both must name parts of the object itself. (lld may leave room for a header it then dropped,
    // an empty code segment of a module without functions: PT_PHDR covers at least the headers.)
    for (uint16_t i = 0; i < header.e_phnum; ++i) {
        const auto ph = *file.read<Elf64_Phdr>(header.e_phoff + uint64_t(i) * sizeof(Elf64_Phdr));
        if (ph.p_type == PT_PHDR &&
            (ph.p_filesz < uint64_t(header.e_phnum) * sizeof(Elf64_Phdr) ||
             fileOffsetOf(loads, ph.p_vaddr, ph.p_filesz) != header.e_phoff))
            return "its PT_PHDR does not point at its program headers";
        if (ph.p_type == PT_GNU_RELRO && !insideWritableLoad(loads, ph.p_vaddr, ph.p_memsz))
            return "its PT_GNU_RELRO lies outside its writable segments";
    }
    return std::nullopt;
}

Violation readDynamic(const Bytes& file, const std::vector<Elf64_Phdr>& loads, const Elf64_Phdr& segment,
                      Dynamic& out) {
    auto offset = fileOffsetOf(loads, segment.p_vaddr, segment.p_filesz);
    if (!offset) return "its dynamic section lies outside its loaded contents";
    const uint64_t count = segment.p_filesz / sizeof(Elf64_Dyn);
    // Every refused tag is named, so the message says all that is wrong (constructors and the
    // dependencies they come with, say).
    std::vector<std::string> refused;
    for (uint64_t i = 0; i < count; ++i) {
        const auto entry = *file.read<Elf64_Dyn>(*offset + i * sizeof(Elf64_Dyn));
        const uint64_t value = entry.d_un.d_val;
        std::optional<uint64_t>* slot = nullptr;
        switch (entry.d_tag) {
            case DT_NULL:
                if (refused.empty()) return std::nullopt;
                return fmt::format("it has {}", fmt::join(refused, "; "));
            case DT_SYMTAB: slot = &out.symtab; break;
            case DT_SYMENT: slot = &out.syment; break;
            case DT_STRTAB: slot = &out.strtab; break;
            case DT_STRSZ: slot = &out.strsz; break;
            case DT_GNU_HASH: slot = &out.gnuHash; break;
            case DT_RELA: slot = &out.rela; break;
            case DT_RELASZ: slot = &out.relasz; break;
            case DT_RELAENT: slot = &out.relaent; break;
            case DT_RELACOUNT: slot = &out.relacount; break;
            case DT_FLAGS:
                if (value & ~uint64_t(DF_BIND_NOW)) return fmt::format("it has DT_FLAGS {:#x} (only BIND_NOW is emitted)", value);
                continue;
            case DT_FLAGS_1:
                if (value & ~uint64_t(DF_1_NOW)) return fmt::format("it has DT_FLAGS_1 {:#x} (only NOW is emitted)", value);
                continue;
            default:
                if (std::find(refused.begin(), refused.end(), refusedTag(entry.d_tag)) == refused.end())
                    refused.push_back(refusedTag(entry.d_tag));
                continue;
        }
        if (*slot) return fmt::format("its dynamic section repeats tag {:#x}", uint64_t(entry.d_tag));
        *slot = value;
    }
    return "its dynamic section has no DT_NULL end";
}

Violation checkRelocations(const Bytes& file, const std::vector<Elf64_Phdr>& loads, const Dynamic& dynamic) {
    if (!dynamic.rela && !dynamic.relasz && !dynamic.relaent && !dynamic.relacount) return std::nullopt;
    if (!dynamic.rela || !dynamic.relasz || dynamic.relaent.value_or(0) != sizeof(Elf64_Rela) ||
        *dynamic.relasz % sizeof(Elf64_Rela) != 0)
        return "its relocation table is malformed";
    const uint64_t count = *dynamic.relasz / sizeof(Elf64_Rela);
    if (dynamic.relacount.value_or(0) > count) return "its relocation count exceeds its relocation table";
    auto offset = fileOffsetOf(loads, *dynamic.rela, *dynamic.relasz);
    if (!offset) return "its relocation table lies outside its loaded contents";
    for (uint64_t i = 0; i < count; ++i) {
        const auto rela = *file.read<Elf64_Rela>(*offset + i * sizeof(Elf64_Rela));
        if (ELF64_R_TYPE(rela.r_info) != R_X86_64_RELATIVE)
            return fmt::format("relocation {} has type {}, and the compiler's objects have R_X86_64_RELATIVE only",
                               i, ELF64_R_TYPE(rela.r_info));
        if (ELF64_R_SYM(rela.r_info) != 0) return fmt::format("relocation {} names a symbol", i);
        if (!insideWritableLoad(loads, rela.r_offset, sizeof(uint64_t)))
            return fmt::format("relocation {} writes to {:#x}, outside the object's writable segments", i, rela.r_offset);
    }
    return std::nullopt;
}

// How many dynamic symbols there are, from the GNU hash table (the object's only record of it
// that dlopen uses): the end of the chain of the highest bucket.
Expected<uint64_t, std::string> symbolCount(const Bytes& file, const std::vector<Elf64_Phdr>& loads, uint64_t address) {
    auto offset = fileOffsetOf(loads, address, 16);
    if (!offset) return std::string("its GNU hash table lies outside its loaded contents");
    const uint32_t buckets = *file.read<uint32_t>(*offset), symoffset = *file.read<uint32_t>(*offset + 4),
                   bloomWords = *file.read<uint32_t>(*offset + 8);
    if (buckets == 0 || buckets > kMaxHashBuckets || bloomWords > kMaxHashBuckets)
        return std::string("its GNU hash table is malformed");
    const uint64_t bucketsAt = 16 + uint64_t(bloomWords) * 8, chainsAt = bucketsAt + uint64_t(buckets) * 4;
    if (!fileOffsetOf(loads, address, chainsAt)) return std::string("its GNU hash table lies outside its loaded contents");
    uint32_t highest = 0;
    for (uint32_t b = 0; b < buckets; ++b) {
        const uint32_t first = *file.read<uint32_t>(*offset + bucketsAt + uint64_t(b) * 4);
        if (first != 0 && first < symoffset) return std::string("its GNU hash table is malformed");
        highest = std::max(highest, first);
    }
    if (highest == 0) return uint64_t(symoffset);
    for (uint64_t index = highest;; ++index) {
        const uint64_t at = chainsAt + (index - symoffset) * 4;
        if (!fileOffsetOf(loads, address, at + 4)) return std::string("its GNU hash chains run outside the object");
        if (*file.read<uint32_t>(*offset + at) & 1) return index + 1;
    }
}

Violation checkSymbols(const Bytes& file, const std::vector<Elf64_Phdr>& loads, const Dynamic& dynamic) {
    if (!dynamic.symtab || !dynamic.strtab || !dynamic.strsz || !dynamic.gnuHash)
        return "it lacks a symbol table, string table or GNU hash table";
    if (dynamic.syment.value_or(0) != sizeof(Elf64_Sym)) return "its symbol entries are not Elf64_Sym";
    auto strings = fileOffsetOf(loads, *dynamic.strtab, *dynamic.strsz);
    if (!strings) return "its string table lies outside its loaded contents";
    auto count = symbolCount(file, loads, *dynamic.gnuHash);
    if (!count) return count.error();
    auto symbols = fileOffsetOf(loads, *dynamic.symtab, *count * sizeof(Elf64_Sym));
    if (!symbols) return "its symbol table lies outside its loaded contents";
    for (uint64_t i = 1; i < *count; ++i) {
        const auto symbol = *file.read<Elf64_Sym>(*symbols + i * sizeof(Elf64_Sym));
        if (symbol.st_name >= *dynamic.strsz) return fmt::format("symbol {} has no name in the string table", i);
        if (const char* problem = symbolTypeProblem(symbol))
            return fmt::format("its symbol {} {}", file.string(*strings, *dynamic.strsz, symbol.st_name), problem);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> elfPolicyViolation(std::span<const uint8_t> object) {
    const Bytes file(object);
    Elf64_Ehdr header{};
    if (auto bad = checkHeader(file, header)) return bad;
    std::vector<Elf64_Phdr> loads;
    std::optional<Elf64_Phdr> dynamicSegment;
    Violation unexpected;
    if (auto bad = checkProgramHeaders(file, header, loads, dynamicSegment, unexpected)) return bad;
    Dynamic dynamic;
    if (auto bad = readDynamic(file, loads, *dynamicSegment, dynamic)) return bad;
    if (unexpected) return unexpected;
    if (auto bad = checkRelocations(file, loads, dynamic)) return bad;
    return checkSymbols(file, loads, dynamic);
}

}  // namespace faaslet::cache

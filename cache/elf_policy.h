#pragma once
// What a shared object must look like before faaslet lets dlopen near it. dlopen does more than
// map: it runs constructors (DT_INIT, DT_INIT_ARRAY, DT_PREINIT_ARRAY), loads dependencies (each
// with constructors of its own), applies relocations (IRELATIVE calls a resolver in the object;
// a relocation aimed outside the object writes wherever it points), makes stacks executable for
// PT_GNU_STACK with PF_X, and dlsym runs the resolver of an IFUNC symbol. All of that happens
// before faaslet's own checks of the object and outside the sandbox.
//
// So the object is inspected first, and only the shape the compiler's link emits is accepted
// (`ld.lld-19 -shared --hash-style=gnu -z now -z noexecstack`, compiler/compiler.cpp, on
// objects whose every reference is resolved inside them):
//   - a 64-bit little-endian x86-64 ET_DYN;
//   - program headers PT_PHDR, PT_LOAD, PT_DYNAMIC, PT_GNU_RELRO, PT_GNU_STACK only, the loads
//     inside the file, in address order, not overlapping, never writable and executable at once,
//     the stack not executable;
//   - dynamic tags DT_SYMTAB, DT_SYMENT, DT_STRTAB, DT_STRSZ, DT_GNU_HASH, DT_RELA, DT_RELASZ,
//     DT_RELAENT, DT_RELACOUNT, DT_FLAGS (DF_BIND_NOW only), DT_FLAGS_1 (DF_1_NOW only) and
//     DT_NULL: no constructors or destructors, no DT_NEEDED, no PLT, no text relocations;
//   - relocations of type R_X86_64_RELATIVE only, with no symbol, each inside a writable segment;
//   - dynamic symbols all defined, none an IFUNC, TLS or GNU unique symbol.
// Everything else is refused with a message naming the first thing found. The inspection reads
// only the bytes given and never trusts an offset or size it has not bounded by them.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace faaslet::cache {

// Nullopt when `object` may be loaded, else what is wrong with it, e.g. "it has constructors
// (DT_INIT_ARRAY), which would run when it is loaded".
std::optional<std::string> elfPolicyViolation(std::span<const uint8_t> object);

}  // namespace faaslet::cache

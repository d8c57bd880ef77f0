#pragma once
// The C interface of libfaaslet-compiler.so, the compiler loaded on demand (see plugin_entry.cpp).
// Plain C types only: the caller and the plugin share no C++ objects. The symbol's name carries
// the interface's version, so a plugin from another build is refused rather than misread.

#include <stddef.h>
#include <stdint.h>

extern "C" {

struct FaasletCompileRequest {
    const uint8_t* wasm;
    size_t wasmSize;
    int optLevel;             // faaslet::compiler::OptLevel
    int interruptible;        // nonzero: poll the interrupt flag
    unsigned codegenThreads;  // 0: one per core
    const char* output;       // path of the shared object to write
    // Called (never concurrently) as each partition's code is generated; may be null.
    void (*codegenProgress)(void* context, unsigned done, unsigned total);
    void* progressContext;
};

// Where the time went, in nanoseconds, and into how many partitions code generation was cut.
struct FaasletCompileReport {
    int64_t lowerNanoseconds;
    int64_t optimizeNanoseconds;
    int64_t codegenNanoseconds;
    int64_t linkNanoseconds;
    unsigned partitions;
};

// Returns 0 on success, with `report` filled in; otherwise nonzero with a message in error
// (NUL-terminated, truncated to errorSize).
using FaasletCompileFunction = int (*)(const FaasletCompileRequest* request, FaasletCompileReport* report,
                                       char* error, size_t errorSize);
constexpr const char* kFaasletCompileSymbol = "faaslet_compile_module_v2";
}

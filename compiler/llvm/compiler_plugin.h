#pragma once
// The C interface of libfaaslet-compiler.so, the compiler loaded on demand (see plugin_entry.cpp).
// Plain C types only: the caller and the plugin share no C++ objects.

#include <stddef.h>
#include <stdint.h>

extern "C" {

struct FaasletCompileRequest {
    const uint8_t* wasm;
    size_t wasmSize;
    int optLevel;       // faaslet::llvmgen::OptLevel
    int interruptible;  // nonzero: poll the interrupt flag
    const char* output; // path of the shared object to write
};

// Returns 0 on success; otherwise nonzero with a message in error (NUL-terminated, truncated to
// errorSize).
using FaasletCompileFunction = int (*)(const FaasletCompileRequest* request, char* error, size_t errorSize);
constexpr const char* kFaasletCompileSymbol = "faaslet_compile_module";
}

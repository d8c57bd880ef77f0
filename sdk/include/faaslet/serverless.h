/* serverless.h: a call's input and output, the first part of the serverless API.
 *
 * The imports keep Faasm's names and signatures (faasm/cpp, libfaasm/faasm/host_interface.h) and,
 * like Faasm's undecorated declarations, come from module "env": a function written for Faasm
 * ports by recompiling. faaslet checks every pointer and length the guest passes.
 *
 *   long __faasm_read_input(unsigned char* buffer, long bufferLen);
 *       bufferLen 0: returns the size of the call's input in bytes. Otherwise copies the first
 *       min(bufferLen, size) bytes of the input to buffer and returns how many it copied.
 *       Returns -21 (EFAULT) when [buffer, buffer + bufferLen) is not inside linear memory.
 *   void __faasm_write_output(const char* output, long outputLen);
 *       Replaces the call's output with those bytes (any bytes, NULs included). More bytes than
 *       the function's output bound (`faaslet function add --max-output`, default 16M), or a
 *       range outside linear memory, stops the call with a trap whose message says so.
 *
 * faasmGetInputSize, faasmGetInput and faasmSetOutput are Faasm's C helpers over them; C++ gets
 * faaslet::input(), faaslet::inputString() and faaslet::output() below.
 *
 * Natively (tests of a function as an ordinary program) the imports are weak declarations, as in
 * Faasm: define them in the test, or check them against NULL. */
#ifndef FAASLET_SERVERLESS_H
#define FAASLET_SERVERLESS_H

#include <faaslet/faaslet.h>

#if defined(__wasm__)
#define FAASLET_SERVERLESS_IMPORT(name) FAASLET_IMPORT(env, name)
#else
#define FAASLET_SERVERLESS_IMPORT(name) __attribute__((weak))
#endif

#ifdef __cplusplus
extern "C" {
#endif

FAASLET_SERVERLESS_IMPORT(__faasm_read_input)
long __faasm_read_input(unsigned char* buffer, long bufferLen);

FAASLET_SERVERLESS_IMPORT(__faasm_write_output)
void __faasm_write_output(const char* output, long outputLen);

static inline long faasmGetInputSize(void) {
    return __faasm_read_input((unsigned char*)0, 0);
}

/* Copies up to bufferLen bytes of the input into buffer; returns how many, or a negative errno. */
static inline long faasmGetInput(unsigned char* buffer, long bufferLen) {
    return bufferLen > 0 ? __faasm_read_input(buffer, bufferLen) : 0;
}

static inline void faasmSetOutput(const char* output, long outputLen) {
    __faasm_write_output(output, outputLen);
}

#ifdef __cplusplus
}

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace faaslet {

// The call's whole input (empty when there is none, or when the host refused the read).
inline std::vector<uint8_t> input() {
    const long size = faasmGetInputSize();
    std::vector<uint8_t> bytes(size > 0 ? size_t(size) : 0);
    const long copied = bytes.empty() ? 0 : faasmGetInput(bytes.data(), long(bytes.size()));
    bytes.resize(copied > 0 ? size_t(copied) : 0);
    return bytes;
}

inline std::string inputString() {
    const std::vector<uint8_t> bytes = input();
    return std::string(bytes.begin(), bytes.end());
}

// Replaces the call's output.
inline void output(std::string_view bytes) {
    __faasm_write_output(bytes.data(), long(bytes.size()));
}

inline void output(const std::vector<uint8_t>& bytes) {
    __faasm_write_output(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));
}

}  // namespace faaslet
#endif

#endif

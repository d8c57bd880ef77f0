/* serverless.h: a call's input and output, and chained calls: the serverless API.
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
 * Chained calls (Faasm's four, then faaslet's extensions, named __faaslet_*). A chain returns a
 * call id (1 to 2^31 - 1) or a negative FAASLET_CHAIN_* code; the call runs on its own Faaslet
 * with its own copy of the input (copied once, at the chain). The ids are the calling call's: it
 * awaits each once, and whatever it did not await is dropped when it ends.
 *
 *   unsigned int __faasm_chain_name(const char* name, const unsigned char* input, long inputLen);
 *       Chains the function `name` ("user/function", or "function" of the caller's own user).
 *   unsigned int __faasm_chain_ptr(int (*funcPtr)(), const unsigned char* input, long inputLen);
 *       Chains the caller's own function `funcPtr` (a slot of its function table), which takes
 *       nothing and returns nothing or an int, on another Faaslet of the same function.
 *   int __faasm_await_call(unsigned int id);
 *       Waits for the call: its return code, or a negative FAASLET_CHAIN_* code (a callee that
 *       trapped, timed out, was refused: __faaslet_call_error has its message).
 *   int __faasm_await_call_output(unsigned int id, char* buffer, long bufferLen);
 *       Awaits, then copies up to bufferLen bytes of the callee's output to buffer.
 *   int __faaslet_chain_export(const char* exportName, const unsigned char* input, long inputLen);
 *       Chains one of the caller's own exports by name (as __faasm_chain_ptr does by pointer).
 *   int __faaslet_chain_batch(const faaslet_chain_request* requests, int count, unsigned int* ids);
 *       Chains `count` functions by name: returns count and writes every id, or a code and
 *       chains none.
 *   int __faaslet_await_call_timeout(unsigned int id, int timeoutMs);
 *       As __faasm_await_call, but FAASLET_CHAIN_TIMED_OUT after timeoutMs (the id may be awaited
 *       again); 0 only looks.
 *   long __faaslet_call_output(unsigned int id, char* buffer, long bufferLen);
 *   long __faaslet_call_error(unsigned int id, char* buffer, long bufferLen);
 *       An awaited call's output, or its error message (empty when it ran to its end): bufferLen
 *       0 returns the size, else copies up to bufferLen bytes and returns how many.
 *   int __faaslet_call_release(unsigned int id);
 *       Forgets the call now instead of when this call ends (its output is freed; one not yet
 *       awaited finishes unawaited), so a long-running caller holds only what it still needs and
 *       its limit of chained calls counts only those: 0, or FAASLET_CHAIN_NOT_YOURS.
 *
 * A caller blocked in an await never holds a Faaslet another call needs, so fan-outs and
 * recursion finish; chains deeper than the runtime's limit (64) and more calls chained by one call
 * than its limit (16,384, released calls not counted) fail with codes. A caller's own timeout still applies while it awaits.
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

/* The codes chain functions return (negated WASI errno values where one has the meaning). */
#define FAASLET_CHAIN_UNKNOWN_FUNCTION (-44)   /* no such function, export or table slot */
#define FAASLET_CHAIN_BAD_ENTRY (-28)          /* a bad name, or an entry of the wrong type */
#define FAASLET_CHAIN_FAULT (-21)              /* a buffer outside linear memory */
#define FAASLET_CHAIN_NOT_YOURS (-12)          /* this call chained no call with that id */
#define FAASLET_CHAIN_ALREADY_AWAITED (-7)
#define FAASLET_CHAIN_NOT_AWAITED (-10)        /* output or error of a call not awaited yet */
#define FAASLET_CHAIN_TOO_DEEP (-32)
#define FAASLET_CHAIN_TOO_MANY (-33)
#define FAASLET_CHAIN_TIMED_OUT (-73)          /* the await's own timeout */
#define FAASLET_CHAIN_NOT_OFFERED (-58)        /* no chaining during a function's initialisation */
#define FAASLET_CHAIN_CALLEE_TRAPPED (-1001)
#define FAASLET_CHAIN_CALLEE_TIMED_OUT (-1002)
#define FAASLET_CHAIN_CALLEE_OVERLOADED (-1003)
#define FAASLET_CHAIN_CALLEE_REFUSED (-1004)
#define FAASLET_CHAIN_CALLEE_FAILED (-1005)

typedef struct faaslet_chain_request {
    const char* name;
    const unsigned char* input;
    long inputLen;
} faaslet_chain_request;

FAASLET_SERVERLESS_IMPORT(__faasm_chain_name)
unsigned int __faasm_chain_name(const char* name, const unsigned char* input, long inputLen);

FAASLET_SERVERLESS_IMPORT(__faasm_chain_ptr)
unsigned int __faasm_chain_ptr(int (*funcPtr)(), const unsigned char* input, long inputLen);

FAASLET_SERVERLESS_IMPORT(__faasm_await_call)
int __faasm_await_call(unsigned int id);

FAASLET_SERVERLESS_IMPORT(__faasm_await_call_output)
int __faasm_await_call_output(unsigned int id, char* buffer, long bufferLen);

FAASLET_SERVERLESS_IMPORT(__faaslet_chain_export)
int __faaslet_chain_export(const char* exportName, const unsigned char* input, long inputLen);

FAASLET_SERVERLESS_IMPORT(__faaslet_chain_batch)
int __faaslet_chain_batch(const faaslet_chain_request* requests, int count, unsigned int* ids);

FAASLET_SERVERLESS_IMPORT(__faaslet_await_call_timeout)
int __faaslet_await_call_timeout(unsigned int id, int timeoutMs);

FAASLET_SERVERLESS_IMPORT(__faaslet_call_output)
long __faaslet_call_output(unsigned int id, char* buffer, long bufferLen);

FAASLET_SERVERLESS_IMPORT(__faaslet_call_error)
long __faaslet_call_error(unsigned int id, char* buffer, long bufferLen);

FAASLET_SERVERLESS_IMPORT(__faaslet_call_release)
int __faaslet_call_release(unsigned int id);

/* Faasm's helpers: chain a function by name, or one of the caller's own by pointer. */
static inline unsigned int faasmChainNamed(const char* name, const unsigned char* input, long inputLen) {
    return __faasm_chain_name(name, input, inputLen);
}

static inline unsigned int faasmChain(int (*funcPtr)(), const unsigned char* input, long inputLen) {
    return __faasm_chain_ptr(funcPtr, input, inputLen);
}

static inline int faasmAwaitCall(unsigned int id) {
    return __faasm_await_call(id);
}

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

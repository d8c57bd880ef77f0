/* serverless.h: the serverless API: a call's input and output, chained calls, and (the section at
 * the end) shared state.
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

/* ===================================================================================== *
 * State: values shared by every call of a user's functions (the Faasm paper's two tiers).
 *
 * A value lives under a key (a NUL-terminated string of 1 to 255 printable ASCII bytes) scoped
 * by the function's user: "weights" of user demo is demo's alone; no function of another user
 * reaches it. On each host a value is one region of memory (the local tier), shared by every
 * Faaslet there; the global tier (in this process by default, or Redis across hosts:
 * `faaslet invoke --state URI`, FAASLET_STATE) holds it beyond the host. `totalLen` is the size a
 * call expects the value to have: a value is made with that size (zero-filled) the first time
 * any function names it, a value of another size is refused, and a value's size never changes.
 *
 * Every function returns 0 (or a count) on success and a negated WASI errno when it refuses:
 *   -28 EINVAL     a bad key, a size of 0 or above 1 GiB, or not the value's size
 *   -21 EFAULT     a pointer and length outside linear memory
 *   -68 ERANGE     an offset and length past the value's end; entries too big for the buffer
 *   -44 ENOENT     no value under the key (reads of whole values, size, push, pull)
 *   -48 ENOMEM     a mapping that does not fit under the function's memory limit
 *   -58 ENOTSUP    a mapping during the initialisation (the Proto-Faaslet)
 *   -6  EAGAIN     the global tier cannot be reached: nothing was changed there, try again
 *   -73 ETIMEDOUT  a lock not granted within 10 seconds, or by the end of the call's timeout
 *   -16 EDEADLK    a lock this call holds already;  -63 EPERM: releasing one it does not hold
 * The _ptr functions return a pointer, or NULL when refused. (Faasm declares most of these void;
 * a module that does links too, and a refusal then stops its call with a trap saying why.)
 *
 *   long __faasm_read_state(const char* key, unsigned char* buffer, long bufferLen);
 *       bufferLen 0: the value's size. Else copies min(bufferLen, size) bytes; returns how many.
 *   long __faasm_read_state_offset(const char* key, long totalLen, long offset, unsigned char* buffer, long bufferLen);
 *   long __faasm_write_state(const char* key, const unsigned char* data, long dataLen);
 *       Replaces the whole value (makes it with dataLen bytes if there is none).
 *   long __faasm_write_state_offset(const char* key, long totalLen, long offset, const unsigned char* data, long dataLen);
 *   long __faasm_read_state_size(const char* key);
 *   unsigned char* __faasm_read_state_ptr(const char* key, long totalLen);
 *   unsigned char* __faasm_read_state_offset_ptr(const char* key, long totalLen, long offset, long len);
 *       Maps the value (or the 64 KiB pages holding [offset, offset + len)) into this call's linear
 *       memory and returns a pointer to it (to offset). No copy: loads and stores reach the very
 *       pages every other Faaslet of the host maps. The mapping lies past the memory's end as it
 *       was (the memory grows by the mapped pages, within the function's memory limit); later
 *       memory.grow calls and malloc never overlap or move it. It ends with the call: the next
 *       call maps again (the same range again within one call returns the same pointer).
 *   long __faasm_flag_state_dirty(const char* key, long totalLen);
 *   long __faasm_flag_state_offset_dirty(const char* key, long totalLen, long offset, long len);
 *       Stores through a pointer are not seen by the host: flag what they changed before a
 *       partial push. (write_state* flag what they write themselves.)
 *   long __faasm_push_state(const char* key);          the whole value to the global tier
 *   long __faasm_push_state_partial(const char* key);  only 4 KiB chunks written since the last
 *       push; returns the bytes pushed
 *   long __faasm_pull_state(const char* key, long totalLen);  the global tier's value over this
 *       host's (every mapping sees it at once)
 *   long __faasm_append_state(const char* key, const unsigned char* data, long dataLen);
 *   long __faasm_read_appended_state(const char* key, unsigned char* buffer, long bufferLen, long nElems);
 *       The first nElems entries (fewer if there are fewer), one after another; returns the bytes.
 *       Appends go to the global tier at once, and none is lost between concurrent appenders.
 *   long __faasm_clear_appended_state(const char* key);
 *   long __faasm_lock_state_read(const char* key);   long __faasm_unlock_state_read(const char* key);
 *   long __faasm_lock_state_write(const char* key);  long __faasm_unlock_state_write(const char* key);
 *       The key's local lock, between the Faaslets of this host (many readers or one writer).
 *   long __faasm_lock_state_global(const char* key); long __faasm_unlock_state_global(const char* key);
 *       The key's lock across every host using the global tier; it expires 30 s after it was
 *       taken if never released (a holder that died must not stop everyone).
 *   Locks a call still holds when it ends are released then.
 *
 * Concurrency rules:
 * - A plain store to a mapped value is visible to every Faaslet of the host that maps it (the
 *   same physical pages) with the guarantees of ordinary shared memory and nothing more: no order
 *   between Faaslets and no atomicity beyond what the CPU gives an aligned 4- or 8-byte store (the
 *   Hogwild SGD of the paper relies on exactly this and tolerates lost updates).
 * - A local lock orders everything done between lock and unlock against the other Faaslets of
 *   the host that take the same lock; the host does not enforce it (a Faaslet that does not take
 *   the lock still reads and writes the pages).
 * - Other hosts see a value only through push and pull; a push of a value that others are writing
 *   may carry a chunk half-written. Take the write lock (locally) or the global lock (across
 *   hosts) around read-modify-write sequences such as counters, and push before unlocking.
 * ===================================================================================== */

#define FAASLET_STATE_IMPORT(name) FAASLET_SERVERLESS_IMPORT(name)

#ifdef __cplusplus
extern "C" {
#endif


FAASLET_STATE_IMPORT(__faasm_read_state)
long __faasm_read_state(const char* key, unsigned char* buffer, long bufferLen);
FAASLET_STATE_IMPORT(__faasm_read_state_offset)
long __faasm_read_state_offset(const char* key, long totalLen, long offset, unsigned char* buffer, long bufferLen);
FAASLET_STATE_IMPORT(__faasm_write_state)
long __faasm_write_state(const char* key, const unsigned char* data, long dataLen);
FAASLET_STATE_IMPORT(__faasm_write_state_offset)
long __faasm_write_state_offset(const char* key, long totalLen, long offset, const unsigned char* data, long dataLen);
FAASLET_STATE_IMPORT(__faasm_read_state_size)
long __faasm_read_state_size(const char* key);
FAASLET_STATE_IMPORT(__faasm_read_state_ptr)
unsigned char* __faasm_read_state_ptr(const char* key, long totalLen);
FAASLET_STATE_IMPORT(__faasm_read_state_offset_ptr)
unsigned char* __faasm_read_state_offset_ptr(const char* key, long totalLen, long offset, long len);
FAASLET_STATE_IMPORT(__faasm_flag_state_dirty)
long __faasm_flag_state_dirty(const char* key, long totalLen);
FAASLET_STATE_IMPORT(__faasm_flag_state_offset_dirty)
long __faasm_flag_state_offset_dirty(const char* key, long totalLen, long offset, long len);
FAASLET_STATE_IMPORT(__faasm_push_state)
long __faasm_push_state(const char* key);
FAASLET_STATE_IMPORT(__faasm_push_state_partial)
long __faasm_push_state_partial(const char* key);
FAASLET_STATE_IMPORT(__faasm_pull_state)
long __faasm_pull_state(const char* key, long totalLen);
FAASLET_STATE_IMPORT(__faasm_append_state)
long __faasm_append_state(const char* key, const unsigned char* data, long dataLen);
FAASLET_STATE_IMPORT(__faasm_read_appended_state)
long __faasm_read_appended_state(const char* key, unsigned char* buffer, long bufferLen, long nElems);
FAASLET_STATE_IMPORT(__faasm_clear_appended_state)
long __faasm_clear_appended_state(const char* key);
FAASLET_STATE_IMPORT(__faasm_lock_state_read)
long __faasm_lock_state_read(const char* key);
FAASLET_STATE_IMPORT(__faasm_unlock_state_read)
long __faasm_unlock_state_read(const char* key);
FAASLET_STATE_IMPORT(__faasm_lock_state_write)
long __faasm_lock_state_write(const char* key);
FAASLET_STATE_IMPORT(__faasm_unlock_state_write)
long __faasm_unlock_state_write(const char* key);
FAASLET_STATE_IMPORT(__faasm_lock_state_global)
long __faasm_lock_state_global(const char* key);
FAASLET_STATE_IMPORT(__faasm_unlock_state_global)
long __faasm_unlock_state_global(const char* key);

/* Faasm's C names (faasm/core.h) over them. */
static inline long faasmReadState(const char* key, unsigned char* buffer, long bufferLen) {
    return __faasm_read_state(key, buffer, bufferLen);
}
static inline long faasmReadStateSize(const char* key) {
    return __faasm_read_state_size(key);
}
static inline long faasmReadStateOffset(const char* key, long totalLen, long offset, unsigned char* buffer,
                                        long bufferLen) {
    return __faasm_read_state_offset(key, totalLen, offset, buffer, bufferLen);
}
static inline long faasmWriteState(const char* key, const unsigned char* data, long dataLen) {
    return __faasm_write_state(key, data, dataLen);
}
static inline long faasmWriteStateOffset(const char* key, long totalLen, long offset, const unsigned char* data,
                                         long dataLen) {
    return __faasm_write_state_offset(key, totalLen, offset, data, dataLen);
}
static inline unsigned char* faasmReadStatePtr(const char* key, long totalLen) {
    return __faasm_read_state_ptr(key, totalLen);
}
static inline unsigned char* faasmReadStateOffsetPtr(const char* key, long totalLen, long offset, long len) {
    return __faasm_read_state_offset_ptr(key, totalLen, offset, len);
}
static inline long faasmFlagStateDirty(const char* key, long totalLen) {
    return __faasm_flag_state_dirty(key, totalLen);
}
static inline long faasmFlagStateOffsetDirty(const char* key, long totalLen, long offset, long len) {
    return __faasm_flag_state_offset_dirty(key, totalLen, offset, len);
}
static inline long faasmPushState(const char* key) {
    return __faasm_push_state(key);
}
static inline long faasmPushStatePartial(const char* key) {
    return __faasm_push_state_partial(key);
}
static inline long faasmPullState(const char* key, long totalLen) {
    return __faasm_pull_state(key, totalLen);
}
static inline long faasmAppendState(const char* key, const unsigned char* data, long dataLen) {
    return __faasm_append_state(key, data, dataLen);
}
static inline long faasmReadAppendedState(const char* key, unsigned char* buffer, long bufferLen, long nElems) {
    return __faasm_read_appended_state(key, buffer, bufferLen, nElems);
}
static inline long faasmClearAppendedState(const char* key) {
    return __faasm_clear_appended_state(key);
}
static inline long faasmLockStateRead(const char* key) {
    return __faasm_lock_state_read(key);
}
static inline long faasmUnlockStateRead(const char* key) {
    return __faasm_unlock_state_read(key);
}
static inline long faasmLockStateWrite(const char* key) {
    return __faasm_lock_state_write(key);
}
static inline long faasmUnlockStateWrite(const char* key) {
    return __faasm_unlock_state_write(key);
}
static inline long faasmLockStateGlobal(const char* key) {
    return __faasm_lock_state_global(key);
}
static inline long faasmUnlockStateGlobal(const char* key) {
    return __faasm_unlock_state_global(key);
}
#ifdef __cplusplus
}
#endif
/* ============================== end of the state section ============================== */

#endif

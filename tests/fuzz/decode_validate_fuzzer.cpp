// libFuzzer entry point: any byte string must decode and validate to a value or an error, without
// crashing, leaking, hanging or allocating without bound.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto module = faaslet::wasm::decode(std::vector<uint8_t>(data, data + size));
    if (module) (void)faaslet::wasm::validate(*module);
    return 0;
}

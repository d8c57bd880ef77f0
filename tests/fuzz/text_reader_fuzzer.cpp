// libFuzzer entry point: any byte string read as a .wat module must give a binary or a syntax
// error, without crashing, hanging or allocating without bound; a binary it gives is decoded and
// validated too, so the encoder's output is exercised against the decoder's rules.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"
#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto binary = faaslet::text::parseModuleText(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!binary) return 0;
    auto module = faaslet::wasm::decode(std::move(*binary));
    if (module) (void)faaslet::wasm::validate(*module);
    return 0;
}

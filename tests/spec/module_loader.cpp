#include "tests/spec/module_loader.h"

#include <exception>

#include "wasm/decoder/decoder.h"
#include "wasm/validator/validator.h"
#include "fmt/format.h"
#include "text/text.h"

namespace faaslet::spectest {

std::string LoadedModule::describe() const {
    switch (stage) {
        case Stage::Ok: return "decoded and validated";
        case Stage::Decode:
        case Stage::Validate:
            return fmt::format("{} failed ({}): {}", stage == Stage::Decode ? "decode" : "validate",
                               wasm::kindName(error->kind), error->toString());
        case Stage::Text: return "malformed text: " + textError;
        case Stage::Harness: return harnessError;
    }
    return "?";
}

LoadedModule loadModule(const text::ModuleDefinition& definition) {
    LoadedModule result;
    std::vector<uint8_t> bytes = definition.binary;
    if (definition.form == text::ModuleDefinition::Form::Quote) {
        auto encoded = text::parseModuleText(definition.quote);
        if (!encoded) {
            result.stage = LoadedModule::Stage::Text;
            result.textError = encoded.error().toString();
            return result;
        }
        bytes = std::move(*encoded);
    }
    // decode() and validate() return errors as values; an exception escaping them is a bug in
    // them, reported as a failure of the command rather than ending the run.
    const char* stage = "decode";
    try {
        auto decoded = wasm::decode(std::move(bytes));
        if (!decoded) {
            result.stage = LoadedModule::Stage::Decode;
            result.error = decoded.error();
            return result;
        }
        stage = "validate";
        wasm::Status status = wasm::validate(*decoded);
        if (!status) {
            result.stage = LoadedModule::Stage::Validate;
            result.error = status.error();
            return result;
        }
        result.module = std::make_shared<const wasm::Module>(std::move(*decoded));
    } catch (const std::exception& e) {
        result.stage = LoadedModule::Stage::Harness;
        result.harnessError = fmt::format("{} threw an exception: {}", stage, e.what());
    } catch (...) {
        result.stage = LoadedModule::Stage::Harness;
        result.harnessError = fmt::format("{} threw a non-standard exception", stage);
    }
    return result;
}

}  // namespace faaslet::spectest

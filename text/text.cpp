#include "text/text.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "fmt/format.h"
#include "text/lexer.h"
#include "text/module_text.h"

namespace faaslet::text {

Expected<std::vector<uint8_t>, SyntaxError> parseModuleText(std::string_view source) {
    try {
        std::vector<Token> tokens = tokenize(source);
        TokenCursor in(tokens);
        std::vector<uint8_t> binary;
        if (in.atForm("module")) {
            ModuleDefinition def = readModuleDefinition(in);
            if (def.form == ModuleDefinition::Form::Quote)
                return SyntaxError{def.pos, "a quoted module belongs in a script, not a module file"};
            binary = std::move(def.binary);
        } else {
            binary = encodeModuleFields(in);
        }
        if (!in.is(TokenKind::End)) in.expected("the end of the module");
        return binary;
    } catch (const SyntaxError& e) {
        return e;
    }
}

bool isTextModuleFile(const std::filesystem::path& path) {
    return path.extension() == ".wat";
}

Expected<std::vector<uint8_t>, std::string> readModuleFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fmt::format("cannot read {}: {}", path.string(), std::strerror(errno));
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!isTextModuleFile(path)) return bytes;
    auto binary = parseModuleText(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    if (!binary) return fmt::format("{}:{}", path.string(), binary.error().toString());
    return std::move(*binary);
}

}  // namespace faaslet::text

#include "text/text.h"

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

Expected<std::vector<uint8_t>, std::string> encodeTextModuleFile(const std::string& file,
                                                                 const std::vector<uint8_t>& contents) {
    auto binary = parseModuleText(std::string_view(reinterpret_cast<const char*>(contents.data()), contents.size()));
    if (!binary) return fmt::format("{}:{}", file, binary.error().toString());
    return std::move(*binary);
}

}  // namespace faaslet::text

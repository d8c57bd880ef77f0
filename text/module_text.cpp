#include "text/module_text.h"

#include "text/module_parser.h"

namespace faaslet::text {

std::vector<uint8_t> encodeModuleFields(TokenCursor& cursor) {
    return ModuleParser(cursor).parse();
}

ModuleDefinition readModuleDefinition(TokenCursor& in) {
    ModuleDefinition def;
    def.pos = in.peek().pos;
    in.expectForm("module");
    if (const Token* id = in.takeId()) def.name = std::string(id->text);
    if (in.takeKeyword("binary")) {
        def.form = ModuleDefinition::Form::Binary;
        while (in.is(TokenKind::String)) {
            const std::string& bytes = in.next().value;
            def.binary.insert(def.binary.end(), bytes.begin(), bytes.end());
        }
    } else if (in.takeKeyword("quote")) {
        def.form = ModuleDefinition::Form::Quote;
        // The strings are concatenated as they are, as the reference interpreter reads them.
        while (in.is(TokenKind::String)) def.quote += in.next().value;
    } else {
        def.binary = encodeModuleFields(in);
    }
    in.expectRParen();
    return def;
}

}  // namespace faaslet::text

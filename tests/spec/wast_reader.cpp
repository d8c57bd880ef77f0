#include "tests/spec/wast_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "fmt/format.h"
#include "tests/spec/wast_values.h"
#include "text/lexer.h"

namespace faaslet::spectest {

using text::TokenCursor;
using text::TokenKind;

namespace {

// The fields a file holding a bare module (no `(module ...)` around them) starts with.
bool atModuleField(const TokenCursor& in) {
    for (const char* field : {"type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data"})
        if (in.atForm(field)) return true;
    return false;
}

Action readAction(TokenCursor& in) {
    Action a;
    in.expectLParen();
    if (in.takeKeyword("invoke")) {
        a.type = Action::Type::Invoke;
    } else if (in.takeKeyword("get")) {
        a.type = Action::Type::Get;
    } else {
        in.expected("an action (invoke or get)");
    }
    if (const text::Token* id = in.takeId()) a.module = std::string(id->text);
    a.field = in.expectString("the name of the export");
    if (a.type == Action::Type::Invoke)
        while (in.is(TokenKind::LParen)) a.args.push_back(readConst(in));
    in.expectRParen();
    return a;
}

// The command whose `(` and keyword are next; fills `c` as far as it gets before an error.
void readCommand(TokenCursor& in, Command& c) {
    if (in.atForm("module")) {
        c.type = "module";
        c.module = text::readModuleDefinition(in);
        c.name = c.module->name;
        return;
    }
    if (in.atForm("invoke") || in.atForm("get")) {
        c.type = "action";
        c.action = readAction(in);
        return;
    }
    in.expectLParen();
    const text::Token& keyword = in.peek();
    c.type = std::string(in.expectKeywordToken("a command"));
    if (c.type == "register") {
        c.as = in.expectString("the name to register the module as");
        if (const text::Token* id = in.takeId()) c.name = std::string(id->text);
    } else if (c.type == "assert_return") {
        c.action = readAction(in);
        while (in.is(TokenKind::LParen)) c.expected.push_back(readResult(in));
    } else if (c.type == "assert_trap" || c.type == "assert_exhaustion") {
        if (c.type == "assert_trap" && in.atForm("module")) {
            c.type = "assert_uninstantiable";
            c.module = text::readModuleDefinition(in);
        } else {
            c.action = readAction(in);
        }
        c.text = in.expectString("the expected message");
    } else if (c.type == "assert_malformed" || c.type == "assert_invalid" || c.type == "assert_unlinkable") {
        c.module = text::readModuleDefinition(in);
        c.text = in.expectString("the expected message");
    } else {
        in.fail(keyword, fmt::format("unknown command `{}`", c.type));
    }
    in.expectRParen();
}

}  // namespace

Script parseWast(std::string_view source) {
    std::vector<text::Token> tokens;
    try {
        tokens = text::tokenize(source);
    } catch (const text::SyntaxError& e) {
        throw ScriptError{e.toString()};
    }
    TokenCursor in(tokens);
    Script script;
    if (atModuleField(in)) {
        // A file of one module's fields (inline-module.wast).
        Command c;
        c.type = "module";
        c.line = int(in.peek().pos.line);
        try {
            text::ModuleDefinition def;
            def.pos = in.peek().pos;
            def.binary = text::encodeModuleFields(in);
            if (!in.is(TokenKind::End)) in.expected("the end of the module");
            c.module = std::move(def);
        } catch (const text::SyntaxError& e) {
            c.error = e.toString();
        }
        script.commands.push_back(std::move(c));
        return script;
    }
    while (!in.is(TokenKind::End)) {
        Command c;
        c.line = int(in.peek().pos.line);
        size_t start = in.mark();
        try {
            if (!in.is(TokenKind::LParen)) in.expected("a command");
            readCommand(in, c);
        } catch (const text::SyntaxError& e) {
            c.error = e.toString();
            if (c.type.empty()) c.type = "file";
            // Go on after the whole of the command.
            in.reset(start);
            in.next();
            try {
                in.skipToFormEnd();
            } catch (const text::SyntaxError& unbalanced) {
                throw ScriptError{fmt::format("{} (and the parentheses do not balance after it: {})", c.error,
                                              unbalanced.toString())};
            }
        }
        script.commands.push_back(std::move(c));
    }
    return script;
}

Script readWast(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ScriptError{fmt::format("cannot read {}: {}", file.string(), std::strerror(errno))};
    std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parseWast(source);
}

}  // namespace faaslet::spectest

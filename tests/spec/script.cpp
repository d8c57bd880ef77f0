#include "tests/spec/script.h"

#include <fstream>

#include "fmt/format.h"
#include "nlohmann/json.hpp"

namespace faaslet::spectest {

using nlohmann::json;

namespace {

// A problem with one command's JSON.
struct FieldError {
    std::string message;
};

const json* find(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

std::string requireString(const json& obj, const char* key) {
    const json* v = find(obj, key);
    if (!v) throw FieldError{fmt::format("missing field \"{}\"", key)};
    if (!v->is_string()) throw FieldError{fmt::format("field \"{}\" is not a string: {}", key, v->dump())};
    return v->get<std::string>();
}

std::optional<std::string> optionalString(const json& obj, const char* key) {
    const json* v = find(obj, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) throw FieldError{fmt::format("field \"{}\" is not a string: {}", key, v->dump())};
    return v->get<std::string>();
}

const json& requireArray(const json& obj, const char* key) {
    const json* v = find(obj, key);
    if (!v) throw FieldError{fmt::format("missing field \"{}\"", key)};
    if (!v->is_array()) throw FieldError{fmt::format("field \"{}\" is not an array", key)};
    return *v;
}

Action parseAction(const json& obj) {
    const json* a = find(obj, "action");
    if (!a) throw FieldError{"missing field \"action\""};
    if (!a->is_object()) throw FieldError{"field \"action\" is not an object"};
    Action action;
    std::string type = requireString(*a, "type");
    if (type == "invoke") {
        action.type = Action::Type::Invoke;
    } else if (type == "get") {
        action.type = Action::Type::Get;
    } else {
        throw FieldError{fmt::format("unknown action type \"{}\"", type)};
    }
    action.module = optionalString(*a, "module");
    action.field = requireString(*a, "field");
    if (action.type == Action::Type::Invoke) {
        for (const auto& arg : requireArray(*a, "args")) {
            try {
                action.args.push_back(parseValue(arg));
            } catch (const ValueError& e) {
                throw FieldError{"action argument: " + e.message};
            }
        }
    }
    return action;
}

std::vector<Expected> parseExpectedList(const json& obj, bool required) {
    std::vector<Expected> list;
    if (!required && !find(obj, "expected")) return list;
    for (const auto& item : requireArray(obj, "expected")) {
        try {
            list.push_back(parseExpected(item));
        } catch (const ValueError& e) {
            throw FieldError{"expected result: " + e.message};
        }
    }
    return list;
}

void parseFields(const json& obj, Command& c) {
    const std::string& t = c.type;
    if (t == "module") {
        c.filename = requireString(obj, "filename");
        c.name = optionalString(obj, "name");
    } else if (t == "assert_malformed" || t == "assert_invalid" || t == "assert_unlinkable" ||
               t == "assert_uninstantiable") {
        c.filename = requireString(obj, "filename");
        c.moduleType = requireString(obj, "module_type");
        c.text = optionalString(obj, "text").value_or("");
    } else if (t == "register") {
        c.as = requireString(obj, "as");
        c.name = optionalString(obj, "name");
    } else if (t == "assert_return") {
        c.action = parseAction(obj);
        c.expected = parseExpectedList(obj, true);
    } else if (t == "action" || t == "assert_trap" || t == "assert_exhaustion") {
        c.action = parseAction(obj);
        c.expected = parseExpectedList(obj, false);
        c.text = optionalString(obj, "text").value_or("");
    }
    // Unknown types keep only type and line; the runner reports them.
}

Command parseCommand(const json& obj, size_t index) {
    Command c;
    if (!obj.is_object()) {
        c.type = "unknown";
        c.error = fmt::format("command #{} is not a JSON object", index + 1);
        return c;
    }
    if (const json* line = find(obj, "line"); line && line->is_number_integer()) c.line = line->get<int>();
    try {
        c.type = requireString(obj, "type");
    } catch (const FieldError& e) {
        c.type = "unknown";
        c.error = fmt::format("command #{}: {}", index + 1, e.message);
        return c;
    }
    try {
        if (c.line <= 0) throw FieldError{"missing or invalid field \"line\""};
        parseFields(obj, c);
    } catch (const FieldError& e) {
        c.error = e.message;
    }
    return c;
}

}  // namespace

Script loadScript(const std::filesystem::path& jsonFile) {
    std::ifstream in(jsonFile, std::ios::binary);
    if (!in) throw ScriptError{fmt::format("cannot open {}", jsonFile.string())};
    json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) throw ScriptError{fmt::format("{} is not valid JSON", jsonFile.string())};
    if (!doc.is_object())
        throw ScriptError{fmt::format("{}: top level is not a JSON object", jsonFile.string())};
    auto commands = doc.find("commands");
    if (commands == doc.end() || !commands->is_array())
        throw ScriptError{fmt::format("{}: no \"commands\" array", jsonFile.string())};
    Script script;
    if (auto src = doc.find("source_filename"); src != doc.end() && src->is_string())
        script.sourceFilename = src->get<std::string>();
    script.commands.reserve(commands->size());
    for (size_t i = 0; i < commands->size(); ++i) script.commands.push_back(parseCommand((*commands)[i], i));
    return script;
}

}  // namespace faaslet::spectest

#include "state/redis_address.h"

#include <charconv>
#include <limits>

namespace faaslet::state {
namespace {

constexpr std::string_view kScheme = "redis://";

std::string refuse(std::string_view uri, std::string_view why) {
    return "bad Redis URI \"" + std::string(uri) + "\": " + std::string(why) +
           " (expected redis://HOST:PORT or redis://HOST:PORT/DB)";
}

// A decimal number of at most `max`, all of `text`.
template <class T>
bool parseNumber(std::string_view text, T max, T& out) {
    if (text.empty()) return false;
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value > max) return false;
    out = T(value);
    return true;
}

}  // namespace

std::string RedisAddress::uri() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string text = std::string(kScheme) + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
    if (database != 0) text += "/" + std::to_string(database);
    return text;
}

Expected<RedisAddress, std::string> parseRedisUri(std::string_view uri) {
    if (uri.substr(0, kScheme.size()) != kScheme) return refuse(uri, "it does not start with redis://");
    std::string_view rest = uri.substr(kScheme.size());
    if (rest.find_first_of("@?#") != std::string_view::npos)
        return refuse(uri, "user information, queries and fragments are not supported");

    RedisAddress address;
    std::string_view authority = rest.substr(0, rest.find('/'));
    if (authority.size() < rest.size()) {
        std::string_view database = rest.substr(authority.size() + 1);
        if (!parseNumber(database, std::numeric_limits<uint32_t>::max(), address.database))
            return refuse(uri, "the database \"" + std::string(database) + "\" is not a number");
    }

    std::string_view port;
    if (authority.substr(0, 1) == "[") {
        const size_t close = authority.find(']');
        if (close == std::string_view::npos) return refuse(uri, "the IPv6 address has no closing ]");
        address.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty() && after[0] != ':') return refuse(uri, "unexpected text after the IPv6 address");
        port = after.empty() ? std::string_view() : after.substr(1);
        if (!after.empty() && port.empty()) return refuse(uri, "the port after ':' is empty");
    } else {
        const size_t colon = authority.find(':');
        address.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port = authority.substr(colon + 1);
            if (port.empty()) return refuse(uri, "the port after ':' is empty");
        }
    }
    if (address.host.empty()) return refuse(uri, "the host is empty");
    if (!port.empty() && (!parseNumber(port, uint16_t(65535), address.port) || address.port == 0))
        return refuse(uri, "the port \"" + std::string(port) + "\" is not a number from 1 to 65535");
    return address;
}

}  // namespace faaslet::state

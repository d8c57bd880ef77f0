#pragma once
// Where the Redis global tier lives, parsed from the URI a user gives (`--state redis://HOST:PORT`).

#include <cstdint>
#include <string>
#include <string_view>

#include "common/expected.h"

namespace faaslet::state {

struct RedisAddress {
    std::string host;
    uint16_t port = 6379;
    // The logical database (SELECT), so several deployments can share one server.
    uint32_t database = 0;

    // "redis://HOST:PORT" or "redis://HOST:PORT/DB": what logs and errors name.
    std::string uri() const;
};

// Parses "redis://HOST[:PORT][/DB]". HOST is a name, an IPv4 address or an IPv6 address in
// brackets ("redis://[::1]:6380"); PORT defaults to 6379 and DB to 0. Anything else (another
// scheme, user information, a path past the database, a query) is refused with a message saying
// what was wrong and where, since a silently ignored part would connect somewhere unexpected.
Expected<RedisAddress, std::string> parseRedisUri(std::string_view uri);

}  // namespace faaslet::state

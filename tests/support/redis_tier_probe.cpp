// faaslet-redis-tier-probe URI COMMAND...: one process of the several-hosts tests, on the Redis
// tier directly (until `faaslet invoke --state` can stand in for it). Each command prints what
// the tests compare and exits 1 with the tier's message on an error.
//   set KEY TEXT               the value of KEY becomes TEXT
//   get KEY                    prints the value
//   append KEY PREFIX COUNT    appends PREFIX:0 ... PREFIX:COUNT-1
//   increment KEY COUNT        COUNT times, under the global lock of KEY: read the decimal
//                              number in KEY, add one, write it back
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "state/redis_tier.h"

using namespace faaslet::state;

namespace {

int fail(const std::string& what) {
    std::fprintf(stderr, "faaslet-redis-tier-probe: %s\n", what.c_str());
    return 1;
}

std::span<const uint8_t> bytes(const std::string& text) {
    return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

int increment(GlobalTier& tier, const std::string& key, int count) {
    using namespace std::chrono_literals;
    for (int i = 0; i < count; ++i) {
        auto token = tier.lock(key, 30s, 120s);
        if (!token.ok()) return fail(token.error().message);
        auto value = tier.get(key);
        const long long number = value.ok() ? std::stoll(std::string(value->begin(), value->end())) : 0;
        if (!value.ok() && value.error().kind != TierError::Kind::NotFound) return fail(value.error().message);
        if (auto written = tier.set(key, bytes(std::to_string(number + 1))); !written.ok())
            return fail(written.error().message);
        if (auto released = tier.unlock(*token); !released.ok()) return fail(released.error().message);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return fail("usage: faaslet-redis-tier-probe URI set|get|append|increment KEY ...");
    auto tier = connectRedisTier(argv[1]);
    if (!tier.ok()) return fail(tier.error());
    const std::string command = argv[2], key = argv[3];
    if (command == "set" && argc == 5) {
        auto written = (*tier)->set(key, bytes(argv[4]));
        return written.ok() ? 0 : fail(written.error().message);
    }
    if (command == "get" && argc == 4) {
        auto value = (*tier)->get(key);
        if (!value.ok()) return fail(value.error().message);
        std::fwrite(value->data(), 1, value->size(), stdout);
        return 0;
    }
    if (command == "append" && argc == 6) {
        for (int i = 0; i < std::atoi(argv[5]); ++i)
            if (auto appended = (*tier)->append(key, bytes(std::string(argv[4]) + ":" + std::to_string(i))); !appended.ok())
                return fail(appended.error().message);
        return 0;
    }
    if (command == "increment" && argc == 5) return increment(**tier, key, std::atoi(argv[4]));
    return fail("unknown command or wrong number of arguments: " + command);
}

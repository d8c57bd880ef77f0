#pragma once
// One connection to Redis over hiredis's synchronous API, owned by one thread at a time (a
// hiredis context is not thread-safe): a worker of the Redis tier (redis_workers.h). It connects
// when first used, and again on the next use after the connection broke or ended while idle
// (a restarted Redis closes it: checked with a poll before each use), so calls go on once
// Redis is back; a tier's connections share one RedisHealth, which logs the loss and the return
// once each, not once per connection or call.

#include <atomic>
#include <cstdint>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.h"
#include "state/redis_address.h"

struct redisContext;
struct redisReply;

namespace faaslet::state {

struct RedisReplyDeleter {
    void operator()(redisReply* reply) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

// One command's words, binary-safe, borrowed from the caller for the duration of the call (a
// value's bytes are not copied into the command: hiredis copies them once, into its buffer).
using RedisCommand = std::vector<std::string_view>;

// Whether a tier's Redis is reachable, as its connections last saw it. Logs one line (spdlog)
// when it goes away (or cannot be reached at first) and one when it is back.
class RedisHealth {
public:
    explicit RedisHealth(std::string uri) : uri_(std::move(uri)) {}
    void lost(const std::string& reason);
    void reached();

private:
    enum class State : uint8_t { Unknown, Up, Down };
    std::string uri_;
    std::atomic<State> state_{State::Unknown};
};

class RedisConnection {
public:
    RedisConnection(RedisAddress address, RedisHealth& health);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Sends every command in one write and reads every reply: one round trip. `timeout` bounds
    // the wait for the replies (a blocking command such as BLPOP needs its own wait on top).
    // An error, naming the server and the reason, when the connection cannot be made or breaks;
    // the connection is then dropped and made again by the next call. Redis's error replies
    // (REDIS_REPLY_ERROR) are replies here: the caller knows what they mean.
    Expected<std::vector<RedisReply>, std::string> pipeline(std::span<const RedisCommand> commands,
                                                            std::chrono::milliseconds timeout);

    // How long a round trip may take before Redis counts as gone: generous, since a 64 MiB value
    // crosses the connection in one command.
    static constexpr std::chrono::milliseconds kReplyTimeout{10000};

private:
    bool connect(std::string& error);
    void drop(const std::string& reason);

    RedisAddress address_;
    RedisHealth& health_;
    redisContext* context_ = nullptr;
    std::chrono::milliseconds timeout_{0};
};

}  // namespace faaslet::state

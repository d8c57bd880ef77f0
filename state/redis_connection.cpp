#include "state/redis_connection.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/time.h>

#include <spdlog/spdlog.h>

namespace faaslet::state {
namespace {

// Connecting to a host that does not answer is given this long: short enough that a call made
// while Redis is away answers Unavailable promptly (a refused loopback connection fails at once).
constexpr std::chrono::milliseconds kConnectTimeout{2000};

// Whether an idle connection has ended on the server's side: a restarted Redis closed it (the
// kernel delivered the end of stream) while nothing was asked. Between calls nothing may arrive on
// a connection, so anything readable means it is finished.
bool endedWhileIdle(const redisContext* context) {
    pollfd idle{context->fd, POLLIN | POLLRDHUP, 0};
    return ::poll(&idle, 1, 0) != 0;
}

timeval toTimeval(std::chrono::milliseconds duration) {
    return timeval{time_t(duration.count() / 1000), suseconds_t(duration.count() % 1000 * 1000)};
}

}  // namespace

void RedisReplyDeleter::operator()(redisReply* reply) const { freeReplyObject(reply); }

void RedisHealth::lost(const std::string& reason) {
    const State before = state_.exchange(State::Down);
    if (before == State::Up)
        spdlog::error("state: lost the Redis global tier at {}: {}; state calls answer Unavailable until it is back",
                      uri_, reason);
    else if (before == State::Unknown)
        spdlog::error("state: cannot reach the Redis global tier at {}: {}; state calls answer Unavailable until it answers",
                      uri_, reason);
}

void RedisHealth::reached() {
    if (state_.exchange(State::Up) == State::Down) spdlog::info("state: the Redis global tier at {} is back", uri_);
}

RedisConnection::RedisConnection(RedisAddress address, RedisHealth& health)
    : address_(std::move(address)), health_(health) {}

RedisConnection::~RedisConnection() {
    if (context_) redisFree(context_);
}

void RedisConnection::drop(const std::string& reason) {
    if (context_) redisFree(context_);
    context_ = nullptr;
    health_.lost(reason);
}

bool RedisConnection::connect(std::string& error) {
    const timeval timeout = toTimeval(kConnectTimeout);
    context_ = redisConnectWithTimeout(address_.host.c_str(), address_.port, timeout);
    if (!context_ || context_->err) {
        error = "cannot connect to " + address_.uri() + ": " + (context_ ? context_->errstr : "out of memory");
        drop(error);
        return false;
    }
    timeout_ = std::chrono::milliseconds(0);
    if (address_.database != 0) {
        const std::string database = std::to_string(address_.database);
        auto* reply = static_cast<redisReply*>(redisCommand(context_, "SELECT %s", database.c_str()));
        RedisReply owned(reply);
        if (!reply || reply->type == REDIS_REPLY_ERROR) {
            error = "cannot select database " + database + " of " + address_.uri() + ": " +
                    (reply ? std::string(reply->str, reply->len) : std::string(context_->errstr));
            drop(error);
            return false;
        }
    }
    health_.reached();
    return true;
}

Expected<std::vector<RedisReply>, std::string> RedisConnection::pipeline(std::span<const RedisCommand> commands,
                                                                         std::chrono::milliseconds timeout) {
    std::string error;
    // Made again before use rather than failing the call: a stale connection would fail once
    // after Redis is back, and a call cannot be repeated safely once sent (it may have applied).
    if (context_ && endedWhileIdle(context_)) {
        redisFree(context_);
        context_ = nullptr;
    }
    if (!context_ && !connect(error)) return error;
    if (timeout != timeout_) {
        if (redisSetTimeout(context_, toTimeval(timeout)) != REDIS_OK) {
            error = "cannot set the reply timeout of the connection to " + address_.uri() + ": " + context_->errstr;
            drop(error);
            return error;
        }
        timeout_ = timeout;
    }

    std::vector<const char*> words;
    std::vector<size_t> lengths;
    for (const RedisCommand& command : commands) {
        words.clear();
        lengths.clear();
        for (std::string_view word : command) {
            words.push_back(word.data());
            lengths.push_back(word.size());
        }
        if (redisAppendCommandArgv(context_, int(words.size()), words.data(), lengths.data()) != REDIS_OK) {
            error = "cannot queue a command for " + address_.uri() + ": " + context_->errstr;
            drop(error);
            return error;
        }
    }
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) {
        void* reply = nullptr;
        if (redisGetReply(context_, &reply) != REDIS_OK) {
            error = "the connection to " + address_.uri() + " broke: " + context_->errstr;
            drop(error);
            return error;
        }
        replies.emplace_back(static_cast<redisReply*>(reply));
    }
    return replies;
}

}  // namespace faaslet::state

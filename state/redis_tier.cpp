#include "state/redis_tier.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <random>

#include "state/redis_address.h"
#include "state/redis_connection.h"
#include "state/redis_workers.h"

namespace faaslet::state {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;
using Replies = std::vector<RedisReply>;

// How long the wake-up list of a lock outlives its last release when nobody waits for it: a
// waiter blocked in BLPOP takes an entry at once, so this only bounds what idle locks leave behind.
constexpr milliseconds kWakeupLifetime{10000};

// Extends KEYS[1] with zero bytes to ARGV[1] bytes when it is shorter (SETRANGE's own padding).
constexpr std::string_view kGrowScript =
    "local size = tonumber(ARGV[1]) "
    "if redis.call('STRLEN', KEYS[1]) < size then redis.call('SETRANGE', KEYS[1], size - 1, '\\0') end "
    "return 0";

// Releases the lock KEYS[1] if ARGV[1] holds it, and leaves one wake-up entry in KEYS[2].
constexpr std::string_view kUnlockScript =
    "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end "
    "redis.call('DEL', KEYS[1], KEYS[2]) "
    "redis.call('RPUSH', KEYS[2], '1') "
    "redis.call('PEXPIRE', KEYS[2], ARGV[2]) "
    "return 1";

std::string_view bytes(std::span<const uint8_t> data) {
    return {reinterpret_cast<const char*>(data.data()), data.size()};
}

std::string_view replyText(const redisReply* reply) { return {reply->str, reply->len}; }

TierError error(TierError::Kind kind, std::string message) { return TierError{kind, std::move(message)}; }

class RedisTier final : public GlobalTier {
public:
    explicit RedisTier(RedisAddress address)
        : uri_(address.uri()), health_(uri_), workers_(std::move(address), health_, kRedisMaxWorkers),
          random_() {
        // 128 bits of the system's entropy: tokens of different processes must not collide.
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device()};
        random_.seed(seed);
    }

    TierStatus ping() {
        auto replies = round({{RedisCommand{"PING"}}}, "PING");
        if (!replies.ok()) return replies.error();
        return {};
    }

    std::string describe() const override { return uri_; }

    TierResult<uint64_t> size(const std::string& key) override {
        if (auto bad = checkKey(key, "size")) return *bad;
        const std::string value = part(key, "value");
        auto exec = transaction({{"EXISTS", value}, {"STRLEN", value}}, "size of " + key);
        if (!exec.ok()) return exec.error();
        const redisReply* results = exec->get();
        if (results->element[0]->integer == 0) return notFound(key);
        return uint64_t(results->element[1]->integer);
    }

    TierResult<std::vector<uint8_t>> get(const std::string& key) override {
        if (auto bad = checkKey(key, "get")) return *bad;
        const std::string value = part(key, "value");
        auto replies = round({{RedisCommand{"GET", value}}}, "GET " + key);
        if (!replies.ok()) return replies.error();
        const redisReply* reply = (*replies)[0].get();
        if (reply->type == REDIS_REPLY_NIL) return notFound(key);
        return std::vector<uint8_t>(reply->str, reply->str + reply->len);
    }

    TierStatus set(const std::string& key, std::span<const uint8_t> data) override {
        if (auto bad = checkKey(key, "set")) return *bad;
        if (auto bad = checkSize(key, data.size(), "value")) return *bad;
        const std::string value = part(key, "value");
        auto replies = round({{RedisCommand{"SET", value, bytes(data)}}}, "SET " + key);
        if (!replies.ok()) return replies.error();
        return {};
    }

    TierStatus setRanges(const std::string& key, std::span<const uint8_t> data,
                         std::span<const ByteRange> ranges) override {
        if (auto bad = checkKey(key, "push ranges of")) return *bad;
        if (auto bad = checkSize(key, data.size(), "value")) return *bad;
        if (auto bad = checkRanges(key, ranges, data.size(), "the buffer pushed")) return *bad;
        const std::string value = part(key, "value");
        std::vector<std::string> offsets;
        offsets.reserve(ranges.size());
        std::vector<RedisCommand> commands;
        for (const ByteRange& range : ranges) {
            if (range.length == 0) continue;
            offsets.push_back(std::to_string(range.offset));
            commands.push_back({"SETRANGE", value, offsets.back(), bytes(data.subspan(range.offset, range.length))});
        }
        const std::string size = std::to_string(data.size());
        if (!data.empty()) commands.push_back({"EVAL", kGrowScript, "1", value, size});
        auto exec = transaction(std::move(commands), "partial push of " + key);
        if (!exec.ok()) return exec.error();
        return {};
    }

    TierStatus getRanges(const std::string& key, std::span<uint8_t> data,
                         std::span<const ByteRange> ranges) override {
        if (auto bad = checkKey(key, "pull ranges of")) return *bad;
        if (auto bad = checkRanges(key, ranges, data.size(), "the buffer pulled into")) return *bad;
        const std::string value = part(key, "value");
        std::vector<std::string> bounds;
        bounds.reserve(2 * ranges.size());
        std::vector<RedisCommand> commands{{"EXISTS", value}, {"STRLEN", value}};
        for (const ByteRange& range : ranges) {
            if (range.length == 0) continue;
            bounds.push_back(std::to_string(range.offset));
            bounds.push_back(std::to_string(range.offset + range.length - 1));
            commands.push_back({"GETRANGE", value, bounds[bounds.size() - 2], bounds.back()});
        }
        auto exec = transaction(std::move(commands), "partial pull of " + key);
        if (!exec.ok()) return exec.error();
        const redisReply* results = exec->get();
        if (results->element[0]->integer == 0) return notFound(key);
        const uint64_t stored = uint64_t(results->element[1]->integer);
        for (const ByteRange& range : ranges)
            if (range.offset + range.length > stored)
                return error(TierError::Kind::OutOfRange,
                             "state " + key + ": the range at " + std::to_string(range.offset) + " of " +
                                 std::to_string(range.length) + " bytes passes the end of the stored value (" +
                                 std::to_string(stored) + " bytes) in " + uri_);
        size_t next = 2;
        for (const ByteRange& range : ranges) {
            if (range.length == 0) continue;
            const redisReply* piece = results->element[next++];
            // The value cannot have changed between STRLEN and GETRANGE (one transaction), so a
            // short piece would be Redis breaking its own contract: refuse it, never copy past it.
            if (piece->type != REDIS_REPLY_STRING || piece->len != range.length)
                return unavailable("partial pull of " + key, "GETRANGE answered " + std::to_string(piece->len) +
                                                                 " bytes for a range of " + std::to_string(range.length));
            std::copy_n(piece->str, range.length, data.begin() + range.offset);
        }
        return {};
    }

    TierStatus remove(const std::string& key) override {
        if (auto bad = checkKey(key, "remove")) return *bad;
        auto replies = round({{RedisCommand{"DEL", part(key, "value")}}}, "DEL " + key);
        if (!replies.ok()) return replies.error();
        return {};
    }

    TierStatus append(const std::string& key, std::span<const uint8_t> entry) override {
        if (auto bad = checkKey(key, "append to")) return *bad;
        if (auto bad = checkSize(key, entry.size(), "appended entry")) return *bad;
        auto replies = round({{RedisCommand{"RPUSH", part(key, "appended"), bytes(entry)}}}, "append to " + key);
        if (!replies.ok()) return replies.error();
        return {};
    }

    TierResult<std::vector<std::vector<uint8_t>>> readAppended(const std::string& key, uint64_t count) override {
        if (auto bad = checkKey(key, "read what was appended to")) return *bad;
        std::vector<std::vector<uint8_t>> entries;
        if (count == 0) return entries;
        const uint64_t last = std::min<uint64_t>(count, uint64_t(std::numeric_limits<int64_t>::max())) - 1;
        const std::string end = std::to_string(last);
        auto replies = round({{RedisCommand{"LRANGE", part(key, "appended"), "0", end}}}, "read appended of " + key);
        if (!replies.ok()) return replies.error();
        const redisReply* list = (*replies)[0].get();
        entries.reserve(list->elements);
        for (size_t i = 0; i < list->elements; ++i)
            entries.emplace_back(list->element[i]->str, list->element[i]->str + list->element[i]->len);
        return entries;
    }

    TierStatus clearAppended(const std::string& key) override {
        if (auto bad = checkKey(key, "clear what was appended to")) return *bad;
        auto replies = round({{RedisCommand{"DEL", part(key, "appended")}}}, "clear appended of " + key);
        if (!replies.ok()) return replies.error();
        return {};
    }

    TierResult<LockToken> lock(const std::string& key, milliseconds expiry, milliseconds wait) override {
        if (auto bad = checkKey(key, "lock")) return *bad;
        if (expiry.count() < 1 || expiry > kRedisMaxLockTime)
            return error(TierError::Kind::OutOfRange, "state " + key + ": a global lock must expire after 1 ms to 30 days, not " +
                                                          std::to_string(expiry.count()) + " ms");
        if (wait > kRedisMaxLockTime)
            return error(TierError::Kind::OutOfRange, "state " + key + ": a wait for a global lock of " +
                                                          std::to_string(wait.count()) + " ms is longer than 30 days");
        LockToken token{key, newToken()};
        const std::string lockKey = part(key, "lock");
        const std::string wakeup = part(key, "unlocked");
        const std::string expiryText = std::to_string(expiry.count());
        const Clock::time_point deadline = Clock::now() + std::max(wait, milliseconds(0));
        std::optional<TierResult<LockToken>> result;
        // The whole wait runs on one worker, which may block in BLPOP: the pool keeps another free.
        workers_.run(
            [&](RedisConnection& connection) {
                for (;;) {
                    const std::vector<RedisCommand> take{{"MULTI"},
                                                         {"SET", lockKey, token.token, "NX", "PX", expiryText},
                                                         {"PTTL", lockKey},
                                                         {"EXEC"}};
                    auto exec = checkTransaction(connection.pipeline(take, RedisConnection::kReplyTimeout), "lock " + key);
                    if (!exec.ok()) return void(result = exec.error());
                    const redisReply* results = exec->get();
                    if (results->element[0]->type == REDIS_REPLY_STATUS) return void(result = token);
                    const auto remaining = std::chrono::ceil<milliseconds>(deadline - Clock::now());
                    if (remaining.count() <= 0)
                        return void(result = error(TierError::Kind::TimedOut,
                                                   "state " + key + ": the global lock was not granted within " +
                                                       std::to_string(wait.count()) + " ms (another holder) in " + uri_));
                    // PTTL is -2 when the lock vanished since SET and -1 if it never expires:
                    // wait out the caller's time then, and try again at once if it vanished.
                    const long long ttl = results->element[1]->integer;
                    milliseconds pause = ttl == -2 ? milliseconds(1) : remaining;
                    if (ttl >= 0) pause = std::min(pause, milliseconds(std::max(ttl, 1LL)));
                    char seconds[32];
                    std::snprintf(seconds, sizeof seconds, "%.3f", double(pause.count()) / 1000.0);
                    const std::vector<RedisCommand> block{{"BLPOP", wakeup, seconds}};
                    auto woken = checkReplies(connection.pipeline(block, pause + RedisConnection::kReplyTimeout), "lock " + key);
                    if (!woken.ok()) return void(result = woken.error());
                }
            },
            true);
        return std::move(*result);
    }

    TierStatus unlock(const LockToken& token) override {
        if (auto bad = checkKey(token.key, "unlock")) return *bad;
        const std::string lifetime = std::to_string(kWakeupLifetime.count());
        auto replies = round({{RedisCommand{"EVAL", kUnlockScript, "2", part(token.key, "lock"),
                                            part(token.key, "unlocked"), token.token, lifetime}}},
                             "unlock " + token.key);
        if (!replies.ok()) return replies.error();
        if ((*replies)[0]->integer != 1)
            return error(TierError::Kind::NotOwner, "state " + token.key +
                                                        ": the global lock is not held with this token (it expired, "
                                                        "or was released already) in " + uri_);
        return {};
    }

private:
    static std::string part(const std::string& key, std::string_view what) {
        return "faaslet:{" + key + "}:" + std::string(what);
    }

    TierError notFound(const std::string& key) const {
        return error(TierError::Kind::NotFound, "state " + key + ": no value in " + uri_);
    }

    TierError unavailable(const std::string& what, std::string_view why) const {
        return error(TierError::Kind::Unavailable, what + " in " + uri_ + " failed: " + std::string(why));
    }

    std::optional<TierError> checkKey(const std::string& key, std::string_view what) const {
        if (key.empty()) return error(TierError::Kind::OutOfRange, "state: cannot " + std::string(what) + " an empty key");
        if (key.size() > kRedisMaxKeyBytes)
            return error(TierError::Kind::OutOfRange, "state: cannot " + std::string(what) + " a key of " +
                                                          std::to_string(key.size()) + " bytes (the limit is " +
                                                          std::to_string(kRedisMaxKeyBytes) + ")");
        return std::nullopt;
    }

    std::optional<TierError> checkSize(const std::string& key, uint64_t size, std::string_view what) const {
        if (size <= kRedisMaxValueBytes) return std::nullopt;
        return error(TierError::Kind::OutOfRange, "state " + key + ": an " + std::string(what) + " of " +
                                                      std::to_string(size) + " bytes is larger than Redis takes (" +
                                                      std::to_string(kRedisMaxValueBytes) + ")");
    }

    std::optional<TierError> checkRanges(const std::string& key, std::span<const ByteRange> ranges, uint64_t size,
                                         std::string_view buffer) const {
        for (const ByteRange& range : ranges)
            if (range.offset > size || range.length > size - range.offset)
                return error(TierError::Kind::OutOfRange, "state " + key + ": the range at " + std::to_string(range.offset) +
                                                              " of " + std::to_string(range.length) + " bytes passes the end of " +
                                                              std::string(buffer) + " (" + std::to_string(size) + " bytes)");
        return std::nullopt;
    }

    // Replies with Redis's refusals turned into errors.
    TierResult<Replies> checkReplies(Expected<Replies, std::string> replies, const std::string& what) const {
        if (!replies.ok()) return unavailable(what, replies.error());
        for (const RedisReply& reply : *replies)
            if (reply->type == REDIS_REPLY_ERROR) return unavailable(what, replyText(reply.get()));
        return std::move(*replies);
    }

    // The EXEC reply of MULTI ... EXEC, each of its results checked.
    TierResult<RedisReply> checkTransaction(Expected<Replies, std::string> replies, const std::string& what) const {
        auto checked = checkReplies(std::move(replies), what);
        if (!checked.ok()) return checked.error();
        RedisReply exec = std::move(checked->back());
        if (exec->type != REDIS_REPLY_ARRAY) return unavailable(what, "the transaction was not executed");
        for (size_t i = 0; i < exec->elements; ++i)
            if (exec->element[i]->type == REDIS_REPLY_ERROR) return unavailable(what, replyText(exec->element[i]));
        return exec;
    }

    TierResult<Replies> round(std::vector<RedisCommand> commands, const std::string& what) {
        std::optional<TierResult<Replies>> result;
        workers_.run([&](RedisConnection& connection) {
            result = checkReplies(connection.pipeline(commands, RedisConnection::kReplyTimeout), what);
        }, false);
        return std::move(*result);
    }

    TierResult<RedisReply> transaction(std::vector<RedisCommand> commands, const std::string& what) {
        commands.insert(commands.begin(), RedisCommand{"MULTI"});
        commands.push_back({"EXEC"});
        std::optional<TierResult<RedisReply>> result;
        workers_.run([&](RedisConnection& connection) {
            result = checkTransaction(connection.pipeline(commands, RedisConnection::kReplyTimeout), what);
        }, false);
        return std::move(*result);
    }

    std::string newToken() {
        std::lock_guard<std::mutex> lock(randomMutex_);
        char text[33];
        std::snprintf(text, sizeof text, "%016llx%016llx", (unsigned long long)random_(), (unsigned long long)random_());
        return text;
    }

    const std::string uri_;
    RedisHealth health_;
    RedisWorkers workers_;
    std::mutex randomMutex_;
    std::mt19937_64 random_;
};

}  // namespace

Expected<std::unique_ptr<GlobalTier>, std::string> connectRedisTier(std::string_view uri) {
    auto address = parseRedisUri(uri);
    if (!address.ok()) return address.error();
    auto tier = std::make_unique<RedisTier>(std::move(*address));
    if (TierStatus reached = tier->ping(); !reached.ok())
        return "state: the Redis global tier does not answer: " + reached.error().message;
    return std::unique_ptr<GlobalTier>(std::move(tier));
}

}  // namespace faaslet::state

#pragma once
// The global tier on Redis (hiredis), for several processes and hosts sharing state.
//
// Where each part of a key's state lives: keys "faaslet:{KEY}:value" (a string),
// "faaslet:{KEY}:appended" (a list), "faaslet:{KEY}:lock" and "faaslet:{KEY}:unlocked" (the
// lock's wake-up list). The braces are a Redis Cluster hash tag: all of one key's parts share a
// slot, so transactions and scripts over them stay valid there.
//
// Every call is one round trip (a lock wait is one per wake-up), made on one of the tier's own
// threads (redis_workers.h): the calling thread only queues the request and waits on a condition
// variable, so Faaslets' sandboxed threads may call it.
// - get/set: GET, SET. size: EXISTS and STRLEN in a MULTI/EXEC.
// - setRanges: a SETRANGE per range and the growth to the buffer's size (a short script that
//   extends the value with zero bytes when it is shorter, as SETRANGE pads gaps) in one
//   MULTI/EXEC, pipelined: only the ranges' bytes cross the network, and Redis applies all or,
//   when the connection breaks before EXEC arrives, none. getRanges: EXISTS, STRLEN and a
//   GETRANGE per range in one MULTI/EXEC, so the ranges come from one version of the value.
// - append: RPUSH; readAppended: LRANGE; clearAppended: DEL.
// - lock: SET lock TOKEN NX PX EXPIRY together with PTTL lock (MULTI/EXEC), so a free lock takes
//   one round trip. When it is held, the waiter blocks in BLPOP on the wake-up list, for at most
//   the lock's remaining time to live and the caller's remaining wait, then tries again. No
//   polling: it wakes when the holder releases (unlock pushes to the wake-up list), when the lock
//   expires, or at the deadline. A release that lands between the waiter's failed SET and its
//   BLPOP stays in the list, so it is not missed. Each release leaves one entry (the list is
//   cleared first) and wakes one waiter, which takes the lock; the list expires after
//   kWakeupLifetime when nobody waits. The token is 128 random bits, so a holder whose lock
//   expired cannot release its successor's.
// - unlock: a script that deletes the lock only if it holds the token, and then wakes a waiter;
//   NotOwner otherwise (expired, or released already).
//
// When Redis goes away, calls answer Unavailable with the server and the reason, the tier logs
// one line (and one when Redis is back), and each worker reconnects on its next request; a
// connection that ended while idle (Redis restarted meanwhile) is made again before it is used, so
// no call fails once Redis is back. A value
// is never half-written: every write of a call is in one transaction. A call whose connection
// broke after sending EXEC may or may not have been applied (all of it, or none).

#include <chrono>
#include <memory>
#include <string_view>

#include "common/expected.h"
#include "state/global_tier.h"

namespace faaslet::state {

// Redis's own limit on a string (proto-max-bulk-len and the string maximum by default): larger
// values and entries are refused (OutOfRange) before anything is sent.
constexpr uint64_t kRedisMaxValueBytes = uint64_t(512) << 20;
// Longer keys are refused (OutOfRange): Redis would take them, but such a key is a bug.
constexpr size_t kRedisMaxKeyBytes = 4096;
// The longest a global lock may be held before it expires, and the longest a caller may wait for
// one: longer ones are refused (OutOfRange), as a bug rather than an intent.
constexpr std::chrono::hours kRedisMaxLockTime{24 * 30};
// The most threads (and connections) one tier uses; past it, requests wait for a free worker.
constexpr size_t kRedisMaxWorkers = 64;

// Connects to the Redis of `uri` ("redis://HOST:PORT" or "redis://HOST:PORT/DB") and checks it
// answers (PING). Call it where the sandbox does not apply: it starts the tier's first thread.
// A bad URI, or a server that does not answer, is an error message saying which and why.
Expected<std::unique_ptr<GlobalTier>, std::string> connectRedisTier(std::string_view uri);

}  // namespace faaslet::state

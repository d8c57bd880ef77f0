#pragma once
// A redis-server of a test's own: started on a free loopback port in a private directory, with no
// persistence unless asked for, and stopped when the object goes, also when the test fails (and
// by the kernel if the test process dies first: the server gets SIGKILL when its parent ends).

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "tests/support/temp_dir.h"

namespace faaslet::test {

class RedisServer {
public:
    struct Options {
        // An append-only file written on every command (appendfsync always), so that a server
        // killed and started again comes back with what it had: what the kill tests check.
        bool appendOnly = false;
    };

    // Starts the server and waits until it answers PING. Throws std::runtime_error saying why
    // when it cannot (no redis-server installed, or it never answers: its log is in the message).
    RedisServer();
    explicit RedisServer(Options options);
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    uint16_t port() const { return port_; }
    std::string uri() const;

    // SIGKILL, as a crash would: no chance to save anything.
    void kill();
    // Starts it again on the same port and directory (after kill()).
    void restart();

    // A field of INFO ("total_net_input_bytes"), read over a connection of its own.
    uint64_t infoNumber(const std::string& field) const;
    // How many times the server ran a command ("set"), from INFO commandstats; 0 before the first.
    uint64_t commandCalls(const std::string& command) const;

private:
    void start();
    std::string info(const std::string& section) const;

    Options options_;
    TempDir dir_{"faaslet-redis"};
    uint16_t port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace faaslet::test

#include "tests/support/redis_server.h"

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace faaslet::test {
namespace {

// A port the kernel has free on the loopback interface now. Another process could take it before
// the server does; start() then sees the server fail and tries another.
uint16_t freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        const int error = errno;
        ::close(fd);
        throw std::runtime_error(std::string("finding a free loopback port: ") + std::strerror(error));
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string redisServerPath() {
    for (const char* path : {"/usr/bin/redis-server", "/usr/local/bin/redis-server"})
        if (::access(path, X_OK) == 0) return path;
    throw std::runtime_error("redis-server is not installed (bash scripts/setup.sh installs it)");
}

using Context = std::unique_ptr<redisContext, decltype(&redisFree)>;

Context connectTo(uint16_t port) {
    const timeval timeout{1, 0};
    return Context(redisConnectWithTimeout("127.0.0.1", port, timeout), &redisFree);
}

bool answersPing(uint16_t port) {
    Context context = connectTo(port);
    if (!context || context->err) return false;
    auto* reply = static_cast<redisReply*>(redisCommand(context.get(), "PING"));
    const bool pong = reply && reply->type == REDIS_REPLY_STATUS;
    if (reply) freeReplyObject(reply);
    return pong;
}

std::string fileText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

RedisServer::RedisServer() : RedisServer(Options{}) {}

RedisServer::RedisServer(Options options) : options_(options) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        port_ = freeLoopbackPort();
        try {
            start();
            return;
        } catch (const std::runtime_error&) {
            if (attempt == kAttempts) throw;
        }
    }
}

RedisServer::~RedisServer() { kill(); }

std::string RedisServer::uri() const { return "redis://127.0.0.1:" + std::to_string(port_); }

void RedisServer::start() {
    const std::string program = redisServerPath();
    const std::string dir = dir_.path().string();
    std::vector<std::string> words{program, "--port", std::to_string(port_), "--bind", "127.0.0.1",
                                   "--dir", dir, "--logfile", dir + "/redis.log", "--save", "",
                                   "--daemonize", "no", "--protected-mode", "no"};
    if (options_.appendOnly) {
        for (const char* word : {"--appendonly", "yes", "--appendfsync", "always"}) words.push_back(word);
    } else {
        for (const char* word : {"--appendonly", "no"}) words.push_back(word);
    }
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);

    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        // Only async-signal-safe calls here: the test process has threads.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    pid_ = pid;

    // Readiness, not timing: the server answers PING once it listens; 10 s is for a loaded machine.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!answersPing(port_)) {
        int status = 0;
        const bool ended = ::waitpid(pid_, &status, WNOHANG) == pid_;
        if (ended || std::chrono::steady_clock::now() > deadline) {
            if (!ended) kill();
            pid_ = -1;
            throw std::runtime_error("redis-server on port " + std::to_string(port_) +
                                     " did not start; its log: " + fileText(dir_ / "redis.log"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // Someone else's server on the port would answer too; ours must still be running.
    if (::waitpid(pid_, nullptr, WNOHANG) != 0) {
        pid_ = -1;
        throw std::runtime_error("redis-server could not take port " + std::to_string(port_));
    }
}

void RedisServer::kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

void RedisServer::restart() {
    kill();
    start();
}

std::string RedisServer::info(const std::string& section) const {
    Context context = connectTo(port_);
    if (!context || context->err) throw std::runtime_error("cannot connect to " + uri() + " for INFO");
    auto* reply = static_cast<redisReply*>(redisCommand(context.get(), "INFO %s", section.c_str()));
    if (!reply || reply->type != REDIS_REPLY_STRING) {
        if (reply) freeReplyObject(reply);
        throw std::runtime_error("INFO " + section + " failed on " + uri());
    }
    std::string text = "\r\n" + std::string(reply->str, reply->len);
    freeReplyObject(reply);
    return text;
}

uint64_t RedisServer::infoNumber(const std::string& field) const {
    const std::string text = info("all");
    const std::string prefix = "\r\n" + field + ":";
    const size_t at = text.find(prefix);
    if (at == std::string::npos) throw std::runtime_error("INFO of " + uri() + " has no field " + field);
    return std::stoull(text.substr(at + prefix.size()));
}

uint64_t RedisServer::commandCalls(const std::string& command) const {
    const std::string text = info("commandstats");
    const std::string prefix = "\r\ncmdstat_" + command + ":calls=";
    const size_t at = text.find(prefix);
    return at == std::string::npos ? 0 : std::stoull(text.substr(at + prefix.size()));
}

}  // namespace faaslet::test

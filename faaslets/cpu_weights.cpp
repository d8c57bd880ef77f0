#include "faaslets/cpu_weights.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace faaslet::faaslets {

namespace {

bool writeFile(const std::string& path, const std::string& text, std::string& error) {
    std::ofstream out(path);
    out << text;
    out.flush();
    if (out) return true;
    error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// This process's cgroup in the hierarchy whose /proc/self/cgroup line starts with `prefix`
// ("0::" for v2, or a v1 line naming the cpu controller).
std::optional<std::string> ownCgroup(const std::string& controllerField) {
    std::ifstream in("/proc/self/cgroup");
    for (std::string line; std::getline(in, line);) {
        const size_t first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        std::stringstream controllers(line.substr(first + 1, second - first - 1));
        for (std::string controller; std::getline(controllers, controller, ',');)
            if (controller == controllerField) return line.substr(second + 1);
        if (controllerField.empty() && first + 1 == second) return line.substr(second + 1);
    }
    return std::nullopt;
}

std::string sanitised(const std::string& function) {
    std::string name;
    for (char c : function) name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
    return name.empty() ? "function" : name;
}

}  // namespace

CpuWeights::CpuWeights() {
    // Only where the cgroups would go is found here; they are made when a function first needs one.
    if (auto own = ownCgroup("")) {
        for (const char* mount : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
            const std::string parent = std::string(mount) + *own;
            if (readFile(std::string(mount) + "/cgroup.controllers").find("cpu") != std::string::npos &&
                ::access((parent + "/cgroup.subtree_control").c_str(), W_OK) == 0) {
                version_ = Version::V2;
                root_ = parent + "/faaslet-" + std::to_string(::getpid());
                return;
            }
        }
    }
    if (auto own = ownCgroup("cpu")) {
        const std::string parent = "/sys/fs/cgroup/cpu" + *own;
        if (::access((parent + "/cpu.shares").c_str(), W_OK) == 0) {
            version_ = Version::V1;
            root_ = parent + "/faaslet-" + std::to_string(::getpid());
            return;
        }
    }
    unsupported_ = "CPU weights are not applied: this host offers no writable cgroup cpu controller "
                   "(cgroup v2 cpu in threaded mode, or cgroup v1 cpu)";
}

std::optional<std::string> CpuWeights::makeRoot() {
    if (rootMade_) return std::nullopt;
    std::string error;
    if (::mkdir(root_.c_str(), 0755) != 0 && errno != EEXIST)
        return "cannot make the cgroup " + root_ + ": " + std::strerror(errno);
    if (version_ == Version::V2 && (!writeFile(root_ + "/cgroup.type", "threaded", error) ||
                                    !writeFile(root_ + "/cgroup.subtree_control", "+cpu", error)))
        return error;
    rootMade_ = true;
    return std::nullopt;
}

CpuWeights::~CpuWeights() {
    for (const auto& [function, group] : groups_) ::rmdir(group.directory.c_str());
    if (rootMade_) ::rmdir(root_.c_str());
}

std::optional<std::string> CpuWeights::place(pid_t tid, const std::string& function, unsigned weight) {
    if (weight == kDefaultWeight || version_ == Version::None) return std::nullopt;
    std::lock_guard guard(lock_);
    if (auto failed = makeRoot()) return failed;
    std::string error;
    auto found = groups_.find(function);
    if (found == groups_.end()) {
        const std::string directory = root_ + "/" + sanitised(function);
        if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST)
            return "cannot make the cgroup " + directory + ": " + std::strerror(errno);
        if (version_ == Version::V2 && !writeFile(directory + "/cgroup.type", "threaded", error)) return error;
        found = groups_.emplace(function, Group{directory, 0}).first;
    }
    Group& group = found->second;
    if (group.weight != weight) {  // new, or the function was added again with another weight
        const bool written = version_ == Version::V2
                                 ? writeFile(group.directory + "/cpu.weight", std::to_string(weight), error)
                                 // cpu.shares: 1024 is the default, as 100 is cpu.weight's.
                                 : writeFile(group.directory + "/cpu.shares", std::to_string(weight * 1024 / 100), error);
        if (!written) return error;
        group.weight = weight;
    }
    const char* threads = version_ == Version::V2 ? "/cgroup.threads" : "/tasks";
    if (!writeFile(group.directory + threads, std::to_string(tid), error)) return error;
    return std::nullopt;
}

std::optional<std::string> CpuWeights::groupOf(const std::string& function) const {
    std::lock_guard guard(lock_);
    auto found = groups_.find(function);
    if (found == groups_.end()) return std::nullopt;
    return found->second.directory;
}

}  // namespace faaslet::faaslets

#include "cache/host_identity.h"

#include <sys/utsname.h>

#include <fstream>

namespace faaslet::cache {

std::string hostIdentity() {
    std::string identity;
    if (utsname name; uname(&name) == 0) identity = name.machine;
    // The first processor's model and flags; the kernel lists the same for every core.
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string model, flags;
    for (std::string line; std::getline(cpuinfo, line) && (model.empty() || flags.empty());) {
        auto value = [&] { return line.substr(line.find(':') + 1); };
        if (model.empty() && line.rfind("model name", 0) == 0) model = value();
        if (flags.empty() && (line.rfind("flags", 0) == 0 || line.rfind("Features", 0) == 0)) flags = value();
    }
    return identity + ";" + model + ";" + flags;
}

}  // namespace faaslet::cache

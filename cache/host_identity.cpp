#include "cache/host_identity.h"

#include <sys/utsname.h>

#include <cstdint>
#include <fstream>

#include "fmt/format.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace faaslet::cache {

namespace {

#if defined(__x86_64__)

// The CPUID words LLVM's host detection reads (vendor, family and model, the feature leaves 1, 7
// and 0x80000001, the XSAVE leaf), and XCR0, which says which register state the kernel saves:
// without it AVX is off whatever CPUID says. The instruction answers in nanoseconds, where
// reading /proc/cpuinfo can take milliseconds (the kernel samples each core's frequency).
std::string processorIdentity() {
    struct Registers {
        unsigned a = 0, b = 0, c = 0, d = 0;
    };
    std::string words;
    auto leaf = [&words](unsigned number, unsigned subleaf) {
        Registers r;
        __cpuid_count(number, subleaf, r.a, r.b, r.c, r.d);
        // Leaf 1's EBX names the core that answered (its APIC id): not part of the identity.
        const unsigned b = number == 1 ? 0 : r.b;
        words += fmt::format("{:x}.{:x}:{:08x}{:08x}{:08x}{:08x};", number, subleaf, r.a, b, r.c, r.d);
        return r;
    };
    const unsigned highest = leaf(0, 0).a;
    constexpr unsigned kOsxsave = 1u << 27;
    const bool osSavesState = highest >= 1 && (leaf(1, 0).c & kOsxsave);
    if (highest >= 7) {
        leaf(7, 0);
        leaf(7, 1);
    }
    if (highest >= 0xd) leaf(0xd, 1);
    if (leaf(0x80000000, 0).a >= 0x80000001) leaf(0x80000001, 0);
    if (osSavesState) {
        uint32_t low = 0, high = 0;
        asm volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
        words += fmt::format("xcr0:{:08x}{:08x}", high, low);
    }
    return words;
}

#else

// The first processor's model and flags as the kernel lists them (the same for every core).
std::string processorIdentity() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string model, flags;
    for (std::string line; std::getline(cpuinfo, line) && (model.empty() || flags.empty());) {
        auto value = [&] { return line.substr(line.find(':') + 1); };
        if (model.empty() && line.rfind("model name", 0) == 0) model = value();
        if (flags.empty() && (line.rfind("flags", 0) == 0 || line.rfind("Features", 0) == 0)) flags = value();
    }
    return model + ";" + flags;
}

#endif

}  // namespace

std::string hostIdentity() {
    std::string identity;
    if (utsname name; uname(&name) == 0) identity = name.machine;
    return identity + ";" + processorIdentity();
}

}  // namespace faaslet::cache

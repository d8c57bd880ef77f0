#pragma once
// What the Faaslet layer needs to know of a function besides its code: how to call it and the
// limits of each call. (The functions/ room stores these as a function's settings.)

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "wasi/context.h"

namespace faaslet::faaslets {

struct FunctionConfig {
    std::string name;              // "user/function", or a file's name for one-off calls
    std::string entry = "_start";  // the export each call runs: a WASI command's _start, or a
                                   // function returning nothing or its return code as an i32
    std::string initExport;        // run once, after _initialize, into the Proto-Faaslet
    std::chrono::milliseconds timeout{0};  // per call, the init included; 0: none
    uint64_t maxMemoryBytes = 0;           // 0: the module's own maximum (at most 4 GiB)
    unsigned maxFaaslets = 0;              // warm Faaslets at most; 0: the runtime's default
    std::vector<std::string> env;          // "KEY=VALUE"
    std::vector<wasi::Preopen> preopens;   // read-only unless they say otherwise
    size_t maxOutputBytes = size_t(16) << 20;  // the call's output, and each of stdout and stderr
    unsigned cpuWeight = 100;  // relative share of the cores (cgroup cpu weight; 100: the default)
    std::string stateUser;     // whose state keys it reaches; empty: the user of a user/function name
};

}  // namespace faaslet::faaslets

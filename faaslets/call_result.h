#pragma once
// What a call of a function gives back: its return code and output, its captured stdout and
// stderr, why it failed if it did, and where its time went.

#include <chrono>
#include <cstdint>
#include <string>

namespace faaslet::faaslets {

enum class CallStatus : uint8_t {
    Ok,          // the function returned or exited (any return code)
    Trapped,     // a trap ended it (error says which)
    TimedOut,    // it ran past its timeout and was interrupted
    Overloaded,  // the function's queue was full: the call never ran
    Refused,     // no such function, or the runtime is shutting down: the call never ran
    Failed,      // the runtime could not run it (a Faaslet could not be made)
};
const char* toString(CallStatus status);

struct CallTimings {
    std::chrono::nanoseconds queue{0};    // from the call to a Faaslet taking it
    std::chrono::nanoseconds restore{0};  // giving the Faaslet the call's input
    std::chrono::nanoseconds run{0};      // the guest's code
    std::chrono::nanoseconds reset{0};    // back to the Proto-Faaslet's state afterwards
};

struct CallResult {
    uint64_t id = 0;
    CallStatus status = CallStatus::Ok;
    int32_t returnCode = 0;  // exit status, or the entry's i32 result; 1 when it did not finish
    std::string output;      // what the function wrote as its output (serverless API)
    std::string stdoutText;  // captured, bounded
    std::string stderrText;
    std::string error;  // empty when status is Ok
    CallTimings timings;

    bool ok() const { return status == CallStatus::Ok; }
};

}  // namespace faaslet::faaslets

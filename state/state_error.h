#pragma once
// What a state operation refused and why: the WASI errno the guest gets (negated) and a message
// for people (what, where, why).

#include <string>

#include "common/expected.h"
#include "state/global_tier.h"
#include "wasi/errors.h"

namespace faaslet::state {

struct StateError {
    wasi::WasiErrno code;
    std::string message;
};

template <class T>
using StateResult = Expected<T, StateError>;
using StateStatus = StatusOf<StateError>;

// A global tier's error as the guest sees it: EAGAIN when the store is unreachable (try again;
// nothing was half-written), ENOENT, ERANGE, ETIMEDOUT, EPERM for a lock not held.
StateError fromTier(const TierError& error);

}  // namespace faaslet::state

#include "state/state_error.h"

namespace faaslet::state {

StateError fromTier(const TierError& error) {
    using wasi::WasiErrno;
    switch (error.kind) {
        case TierError::Kind::Unavailable: return {WasiErrno::Again, "the global tier is unavailable: " + error.message};
        case TierError::Kind::NotFound: return {WasiErrno::NoEnt, error.message};
        case TierError::Kind::OutOfRange: return {WasiErrno::Range, error.message};
        case TierError::Kind::TimedOut: return {WasiErrno::TimedOut, error.message};
        case TierError::Kind::NotOwner: return {WasiErrno::Perm, error.message};
    }
    return {WasiErrno::Io, error.message};
}

}  // namespace faaslet::state

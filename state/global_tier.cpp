#include "state/global_tier.h"

namespace faaslet::state {

const char* toString(TierError::Kind kind) {
    switch (kind) {
        case TierError::Kind::Unavailable: return "unavailable";
        case TierError::Kind::NotFound: return "not found";
        case TierError::Kind::OutOfRange: return "out of range";
        case TierError::Kind::TimedOut: return "timed out";
        case TierError::Kind::NotOwner: return "not the lock's owner";
    }
    return "unknown";
}

}  // namespace faaslet::state

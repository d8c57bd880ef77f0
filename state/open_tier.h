#pragma once
// The global tier a configuration string names (`faaslet invoke --state URI`, FAASLET_STATE,
// RuntimeOptions::stateTier):
//   "" or "memory"        in this process (the default)
//   "file:PATH"           in this process, kept in PATH across restarts
//   "redis://HOST:PORT"   Redis, shared by every process and host that names it (connected and
//                         checked here: call it where the sandbox does not apply)

#include <memory>
#include <string>

#include "common/expected.h"
#include "state/global_tier.h"

namespace faaslet::state {

// The error says what is wrong with the URI or why the tier cannot be opened.
Expected<std::shared_ptr<GlobalTier>, std::string> openGlobalTier(const std::string& uri);

}  // namespace faaslet::state

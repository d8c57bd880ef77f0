#pragma once
// The optimised tier of a module that `faaslet run` started on the quick tier, built by a detached
// `faaslet precompile --background` (its own session, low priority, no terminal) that outlives the
// run. It claims the build first (cache/build_claim.h), so runs that start while it works start no
// second one; it stores the optimised entry and removes the quick one, and the next run loads
// the optimised code. Its messages go nowhere: `faaslet precompile FILE` builds the same entry
// in the foreground and shows them.

#include <string>

#include "cli/commands.h"

namespace faaslet::cli {

// Starts the build of `file`'s optimised tier with `flags`; an error message if it could not.
std::string startBackgroundBuild(const std::string& file, const CompileFlags& flags);

}  // namespace faaslet::cli

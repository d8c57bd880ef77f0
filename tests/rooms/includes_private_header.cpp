// A header the runtime keeps to itself, from outside the runtime: must not compile.
#include "runtime/thread_state.h"

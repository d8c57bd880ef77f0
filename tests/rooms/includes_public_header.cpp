// A public header of the runtime, from outside the runtime: compiles.
#include "runtime/instance.h"

// A shared object that is not a faaslet compiled module: none of abi.h's table symbols.
#include "fixture.h"

FIXTURE_EXPORT int32_t unrelated_function(int32_t x) {
    return x + 1;
}

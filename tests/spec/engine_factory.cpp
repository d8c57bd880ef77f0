// The execution engine of the spec-suite driver: faaslet's compiler and runtime, one engine per
// script.

#include "tests/spec/engine.h"
#include "tests/spec/faaslet_engine.h"

namespace faaslet::spectest {

EngineFactory makeEngineFactory() {
    return [] { return std::make_unique<FaasletEngine>(); };
}

}  // namespace faaslet::spectest

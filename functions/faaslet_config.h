#pragma once
// A stored function as the Faaslet layer runs it: its settings turned into a FunctionConfig.

#include "faaslets/function_config.h"
#include "functions/function_name.h"
#include "functions/settings.h"

namespace faaslet::functions {

faaslets::FunctionConfig faasletConfigOf(const FunctionName& name, const Settings& settings);

}  // namespace faaslet::functions

#include "functions/faaslet_config.h"

namespace faaslet::functions {

faaslets::FunctionConfig faasletConfigOf(const FunctionName& name, const Settings& settings) {
    faaslets::FunctionConfig config;
    config.name = name.toString();
    config.initExport = settings.initExport;
    config.timeout = settings.timeout;
    config.maxMemoryBytes = settings.maxMemoryBytes;
    config.maxFaaslets = settings.maxFaaslets;
    for (const auto& [key, value] : settings.environment) config.env.push_back(key + "=" + value);
    for (const Preopen& preopen : settings.preopens) {
        config.preopens.push_back({preopen.hostPath, preopen.guestPath,
                                   preopen.writable ? wasi::PreopenAccess::ReadWrite : wasi::PreopenAccess::ReadOnly});
    }
    config.maxOutputBytes = settings.maxOutputBytes;
    config.cpuWeight = settings.cpuWeight;
    return config;
}

}  // namespace faaslet::functions

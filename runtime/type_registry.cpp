#include "runtime/type_registry.h"

#include <cassert>
#include <mutex>

namespace faaslet::runtime {

TypeRegistry& TypeRegistry::process() {
    static TypeRegistry registry;
    return registry;
}

size_t TypeRegistry::Hash::operator()(const wasm::FuncType& type) const {
    size_t h = type.params.size() * 0x9e3779b97f4a7c15ull;
    auto mix = [&h](size_t v) { h = (h ^ v) * 0x100000001b3ull; };
    for (auto t : type.params) mix(size_t(t));
    mix(0xff);  // separates params from results: (i32)->() differs from ()->(i32)
    for (auto t : type.results) mix(size_t(t));
    return h;
}

uint32_t TypeRegistry::intern(const wasm::FuncType& type) {
    {
        std::shared_lock lock(mutex_);
        auto it = ids_.find(type);
        if (it != ids_.end()) return it->second;
    }
    std::unique_lock lock(mutex_);
    auto it = ids_.find(type);
    if (it != ids_.end()) return it->second;
    types_.push_back(type);
    uint32_t id = uint32_t(types_.size());
    ids_.emplace(type, id);
    return id;
}

const wasm::FuncType& TypeRegistry::type(uint32_t id) const {
    std::shared_lock lock(mutex_);
    assert(id != kInvalidId && id <= types_.size());
    return types_[id - 1];
}

size_t TypeRegistry::size() const {
    std::shared_lock lock(mutex_);
    return types_.size();
}

}  // namespace faaslet::runtime

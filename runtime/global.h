#pragma once
// A global variable: one abi::Value cell. Compiled code reaches it through ctx->globals[i], a
// pointer, so an exported mutable global is shared by every instance that imports it.

#include "abi/abi.h"
#include "wasm/module/types.h"

namespace faaslet::runtime {

class Global {
public:
    Global(wasm::GlobalType type, abi::Value value) : type_(type), value_(value) {}
    Global(const Global&) = delete;
    Global& operator=(const Global&) = delete;

    const wasm::GlobalType& type() const { return type_; }
    abi::Value* cell() { return &value_; }
    abi::Value get() const { return value_; }
    // Writes regardless of mutability: the host may initialise what wasm cannot change.
    void set(abi::Value value) { value_ = value; }

private:
    wasm::GlobalType type_;
    abi::Value value_;
};

}  // namespace faaslet::runtime

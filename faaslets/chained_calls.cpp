#include "faaslets/chained_calls.h"

#include "faaslets/function_pool.h"
#include "runtime/invoke.h"
#include "runtime/table.h"
#include "serverless/payload_buffers.h"

namespace faaslet::faaslets {

namespace {

using serverless::ChainCode;
using serverless::code;

// The code an await returns for a finished call.
int32_t awaitCode(const CallResult& result) {
    switch (result.status) {
        case CallStatus::Ok: return result.returnCode;
        case CallStatus::Trapped: return code(ChainCode::CalleeTrapped);
        case CallStatus::TimedOut: return code(ChainCode::CalleeTimedOut);
        case CallStatus::Overloaded: return code(ChainCode::CalleeOverloaded);
        case CallStatus::Refused: return code(ChainCode::CalleeRefused);
        case CallStatus::Failed: return code(ChainCode::CalleeFailed);
    }
    return code(ChainCode::CalleeFailed);
}

}  // namespace

void ChainedCalls::begin(unsigned depth, std::optional<Clock::time_point> deadline) {
    depth_ = depth;
    deadline_ = deadline;
}

void ChainedCalls::end() {
    // Dropping a future neither waits nor cancels: a callee still running finishes on its own
    // Faaslet and its result, which nobody holds any more, is freed as it is delivered. Outputs
    // read serve later payloads.
    for (auto& [id, call] : calls_)
        if (call.result) serverless::payloadBuffers().give(std::move(call.result->output));
    calls_.clear();
}

ChainedCalls::Route ChainedCalls::ownEntry(uint32_t funcIndex) const {
    const wasm::Module& module = instance_->module();
    // An import is not the caller's own code (a host function would run without a guest call).
    if (funcIndex < module.importedFunctions || funcIndex >= module.functionCount())
        return {nullptr, std::nullopt, code(ChainCode::BadEntry)};
    const wasm::FuncType& type = runtime::functionType(instance_->function(funcIndex));
    const bool returnsNothingOrCode =
        type.results.empty() || (type.results.size() == 1 && type.results[0] == wasm::ValType::I32);
    if (!type.params.empty() || !returnsNothingOrCode) return {nullptr, std::nullopt, code(ChainCode::BadEntry)};
    return {nullptr, funcIndex, 0};
}

ChainedCalls::Route ChainedCalls::route(const serverless::ChainTarget& target) const {
    using Kind = serverless::ChainTarget::Kind;
    switch (target.kind) {
        case Kind::Function: {
            // "function" alone is one of the caller's own user's, as in Faasm.
            std::string name = target.name;
            if (name.find('/') == std::string::npos) {
                const size_t slash = config_.name.find('/');
                if (slash != std::string::npos) name = config_.name.substr(0, slash + 1) + name;
            }
            auto pool = router_.find(name);
            if (!pool) return {nullptr, std::nullopt, code(ChainCode::UnknownFunction)};
            return {std::move(pool), std::nullopt, 0};
        }
        case Kind::Export: {
            for (const wasm::Export& exported : instance_->module().exports) {
                if (exported.name != target.name) continue;
                if (exported.kind != wasm::ExternKind::Func) return {nullptr, std::nullopt, code(ChainCode::BadEntry)};
                return ownEntry(exported.index);
            }
            return {nullptr, std::nullopt, code(ChainCode::UnknownFunction)};
        }
        case Kind::TableSlot: {
            // The slot as the caller sees its table now (it may have changed it since its start).
            if (instance_->tableCount() == 0 || instance_->table(0)->elemType() != wasm::ValType::FuncRef)
                return {nullptr, std::nullopt, code(ChainCode::UnknownFunction)};
            auto slot = instance_->table(0)->get(target.tableIndex);
            if (!slot || !*slot) return {nullptr, std::nullopt, code(ChainCode::UnknownFunction)};
            const auto* ref = static_cast<const abi::FuncRef*>(*slot);
            const abi::FuncRef* first = instance_->function(0).ref;
            const uint32_t count = instance_->module().functionCount();
            // A reference into another instance's functions is no entry of the caller's own.
            if (ref < first || ref >= first + count) return {nullptr, std::nullopt, code(ChainCode::BadEntry)};
            return ownEntry(uint32_t(ref - first));
        }
    }
    return {nullptr, std::nullopt, code(ChainCode::BadEntry)};
}

int32_t ChainedCalls::submit(const Route& route, std::string input) {
    PendingCall call;
    // The guest's id is the runtime's, folded to a positive i32 (a negative result is a
    // ChainCode), skipping any this call already holds.
    int32_t id = 0;
    while (id == 0 || calls_.count(id)) {
        call.id = router_.newCallId();
        id = int32_t(call.id & 0x7fffffff);
    }
    call.input = std::move(input);
    call.entryFunction = route.entryFunction;
    call.chainDepth = depth_ + 1;
    Remembered remembered{call.result.get_future(), std::nullopt};
    if (route.pool)
        route.pool->submit(std::move(call));
    else
        pool_.submit(std::move(call));
    calls_.emplace(id, std::move(remembered));
    return id;
}

int32_t ChainedCalls::chain(serverless::ChainRequest request) {
    if (!instance_) return code(ChainCode::NotOffered);
    if (depth_ + 1 > router_.limits().maxDepth) return code(ChainCode::TooDeep);
    if (calls_.size() >= router_.limits().maxCallsPerCall) return code(ChainCode::TooMany);
    Route to = route(request.target);
    if (to.code) return to.code;
    return submit(to, std::move(request.input));
}

ChainedCalls::BatchOutcome ChainedCalls::chainBatch(std::vector<serverless::ChainRequest> requests) {
    BatchOutcome outcome;
    if (!instance_) return {{}, code(ChainCode::NotOffered), 0};
    if (depth_ + 1 > router_.limits().maxDepth) return {{}, code(ChainCode::TooDeep), 0};
    if (requests.size() > router_.limits().maxCallsPerCall - std::min(calls_.size(), router_.limits().maxCallsPerCall))
        return {{}, code(ChainCode::TooMany), 0};
    std::vector<Route> routes;
    routes.reserve(requests.size());
    for (size_t i = 0; i < requests.size(); ++i) {
        routes.push_back(route(requests[i].target));
        if (routes.back().code) return {{}, routes.back().code, i};
    }
    outcome.ids.reserve(requests.size());
    for (size_t i = 0; i < requests.size(); ++i) outcome.ids.push_back(submit(routes[i], std::move(requests[i].input)));
    return outcome;
}

serverless::AwaitOutcome ChainedCalls::await(int32_t id, std::optional<std::chrono::milliseconds> timeout) {
    auto it = calls_.find(id);
    if (it == calls_.end()) return {code(ChainCode::NotYours), false};
    Remembered& call = it->second;
    if (call.result) return {code(ChainCode::AlreadyAwaited), false};
    if (call.future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        if (timeout && timeout->count() == 0) return {code(ChainCode::TimedOut), false};
        std::optional<Clock::time_point> until = deadline_;
        if (timeout) {
            const auto mine = Clock::now() + *timeout;
            if (!until || mine < *until) until = mine;
        }
        // Blocked: the slot is the pool's to use meanwhile (the callee may need it).
        pool_.lend();
        const std::future_status status =
            until ? call.future.wait_until(*until) : (call.future.wait(), std::future_status::ready);
        pool_.reclaim();
        if (status != std::future_status::ready) {
            if (deadline_ && Clock::now() >= *deadline_) return {0, true};
            return {code(ChainCode::TimedOut), false};
        }
    }
    call.result = call.future.get();
    return {awaitCode(*call.result), false};
}

const ChainedCalls::Remembered* ChainedCalls::awaited(int32_t id, int32_t& failure) const {
    auto it = calls_.find(id);
    if (it == calls_.end()) {
        failure = code(ChainCode::NotYours);
        return nullptr;
    }
    if (!it->second.result) {
        failure = code(ChainCode::NotAwaited);
        return nullptr;
    }
    return &it->second;
}

serverless::Chainer::Finished ChainedCalls::output(int32_t id) const {
    int32_t failure = 0;
    const Remembered* call = awaited(id, failure);
    if (!call) return {failure, {}};
    return {0, call->result->output};
}

serverless::Chainer::Finished ChainedCalls::error(int32_t id) const {
    int32_t failure = 0;
    const Remembered* call = awaited(id, failure);
    if (!call) return {failure, {}};
    return {0, call->result->error};
}

int32_t ChainedCalls::release(int32_t id) {
    auto it = calls_.find(id);
    if (it == calls_.end()) return code(ChainCode::NotYours);
    if (it->second.result) serverless::payloadBuffers().give(std::move(it->second.result->output));
    calls_.erase(it);
    return 0;
}

}  // namespace faaslet::faaslets

// Trap probes: what keeps every out-of-bounds linear-memory access trapping under optimisation.
//
// The invariant. In the code produced, every linear-memory access the WebAssembly program makes
// (each i32.load, f64.store, ...) is matched by a native access of the same bytes that executes
// at the access's place, or before it on every path that reaches it. Memories only grow
// (WebAssembly 2.0 cannot shrink one), so an access that succeeded earlier proves the later one in
// bounds; an out-of-bounds access therefore always faults (the guard region covers all an address
// can reach), and the runtime reports the fault as `OutOfBoundsMemoryAccess`.
//
// Why it holds.
// 1. Lowering (memory_ops.cpp) puts a probe, `call @faaslet.trap_probe(ptr address, i64 bytes)`,
//    right after each access. The probe is declared to read and write only inaccessible memory,
//    and to be nounwind, willreturn, nosync and nofree. So it is never trivially dead: neither it,
//    nor a call of a function that contains it, can be deleted (FunctionAttrs infers that such a
//    function writes memory; no optimisation removes a call that writes memory), and a dead-argument
//    or dead-store elimination that drops the access leaves the probe where it was. Yet to alias
//    analysis it touches no memory a pointer reaches, so loads are merged, forwarded, hoisted and
//    promoted across it as if it were not there, and it costs nothing in the inliner's view.
//    Nor is a probe moved past another access or call: LLVM neither hoists, sinks nor speculates
//    a call that writes memory on its own (SimplifyCFG hoists or sinks one only together with
//    its identical twin from the other arm), so it stays after the program's earlier accesses.
// 2. Just before the loop vectoriser (the first pass a probe would obstruct: it gives up on a loop
//    with a call that writes memory), ResolveTrapProbes first lets LLVM's ADCE delete what is dead
//    already, then takes each probe in turn: an access of the same bytes (same base pointer once
//    constant offsets are stripped, a range covering the probe's) that dominates the probe
//    fulfils the obligation, and the probe goes; otherwise a volatile load of the probe's bytes
//    takes its place, which no pass deletes or reorders with other memory accesses.
// 3. After resolution, no pass deletes a live access unless an access of the same bytes replaces
//    it earlier on every path. The loop vectoriser and SLP turn accesses into vector accesses of
//    the same bytes, LoopUnroll copies them, LICM hoists loads, and loop-load elimination
//    forwards a value stored in an earlier iteration and loads the first one before the loop.
//    What deletes accesses for being unneeded is what ran before resolution too, where probes,
//    invisible to it, stayed behind: InstCombine, InstSimplify and the code generator's DAGCombiner
//    and dead machine-instruction elimination delete only loads whose values are unused, and ADCE
//    has just found every remaining load live; the dead-store and no-op-store rules of InstCombine
//    and DAGCombiner see less than the DSE that ran before; LICM sinks (loads used only after the
//    loop) and promotes (stores) only what the LICM before resolution could already have.
//    What this argument does not cover: a live load made dead by a simplification that late
//    unrolling or vectorisation newly exposes. None is known; the tests exercise the shapes seen.
//
// Not promised: that accesses keep their order among themselves. LLVM takes a load to have no
// effect but its value, so it may run a load before a store to another address (LICM, GVN's PRE,
// the instruction scheduler), and a trapping load may then leave a store that precedes it in the
// program undone, as it could before probes. Calls, memory.grow and volatile accesses keep their
// order with every access.

#include "compiler/trap_probes.h"

#include <string>
#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Scalar/ADCE.h"

namespace faaslet::compiler {

namespace {

constexpr const char* kProbeName = "faaslet.trap_probe";

// A byte range of linear memory, relative to a base pointer.
struct Range {
    llvm::Value* base;
    int64_t begin;
    int64_t end;
};

Range rangeOf(llvm::Value* address, uint64_t bytes, const llvm::DataLayout& layout) {
    llvm::APInt offset(layout.getIndexTypeSizeInBits(address->getType()), 0);
    llvm::Value* base = address->stripAndAccumulateConstantOffsets(layout, offset, /*AllowNonInbounds=*/true);
    const int64_t begin = offset.getSExtValue();
    return {base, begin, begin + int64_t(bytes)};
}

bool isProbe(const llvm::Instruction& instruction, const llvm::Function* probe) {
    const auto* call = llvm::dyn_cast<llvm::CallInst>(&instruction);
    return call && call->getCalledFunction() == probe;
}

// The accesses of a function by base pointer and first byte. Looking for an access that covers a
// probe inspects a bounded number of them, so resolution stays linear in the function's size; an
// access missed that way only costs a volatile load that was not needed.
class AccessIndex {
public:
    AccessIndex(llvm::Function& function, const llvm::Function* probe) : layout_(function.getDataLayout()) {
        for (llvm::Instruction& instruction : llvm::instructions(function)) {
            if (isProbe(instruction, probe)) continue;
            if (auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction)) {
                add(load, load->getPointerOperand(), layout_.getTypeStoreSize(load->getType()));
            } else if (auto* store = llvm::dyn_cast<llvm::StoreInst>(&instruction)) {
                add(store, store->getPointerOperand(), layout_.getTypeStoreSize(store->getValueOperand()->getType()));
            } else if (auto* intrinsic = llvm::dyn_cast<llvm::MemIntrinsic>(&instruction)) {
                // memset and memcpy of a known length, as MemCpyOpt makes of runs of stores.
                auto* length = llvm::dyn_cast<llvm::ConstantInt>(intrinsic->getLength());
                if (!length || length->isZero()) continue;
                add(intrinsic, intrinsic->getRawDest(), length->getZExtValue());
                if (auto* transfer = llvm::dyn_cast<llvm::MemTransferInst>(intrinsic))
                    add(transfer, transfer->getRawSource(), length->getZExtValue());
            }
        }
    }

    // Whether an access of every byte of `range` dominates `point`.
    bool covers(const Range& range, const llvm::Instruction* point, const llvm::DominatorTree& dominators) const {
        auto coversFromBegin = [&](const Entry& entry) {
            return entry.end >= range.end && dominators.dominates(entry.access, point);
        };
        for (int64_t back = 0; back < kNarrow; ++back) {
            auto found = narrow_.find({range.base, range.begin - back});
            if (found == narrow_.end()) continue;
            const auto& entries = found->second;
            for (size_t i = 0; i < entries.size() && i < kCandidates; ++i)
                if (coversFromBegin(entries[i])) return true;
        }
        auto found = wide_.find(range.base);
        if (found == wide_.end()) return false;
        const auto& entries = found->second;
        for (size_t i = 0; i < entries.size() && i < kCandidates; ++i)
            if (entries[i].first <= range.begin && coversFromBegin(entries[i].second)) return true;
        return false;
    }

private:
    // Accesses of at most kNarrow bytes (every scalar one) are found by their first byte.
    static constexpr int64_t kNarrow = 16;
    static constexpr size_t kCandidates = 64;

    struct Entry {
        llvm::Instruction* access;
        int64_t end;
    };

    void add(llvm::Instruction* access, llvm::Value* address, uint64_t bytes) {
        const Range range = rangeOf(address, bytes, layout_);
        if (int64_t(bytes) <= kNarrow) {
            narrow_[{range.base, range.begin}].push_back({access, range.end});
        } else {
            wide_[range.base].push_back({range.begin, {access, range.end}});
        }
    }

    const llvm::DataLayout& layout_;
    llvm::DenseMap<std::pair<llvm::Value*, int64_t>, std::vector<Entry>> narrow_;
    llvm::DenseMap<llvm::Value*, std::vector<std::pair<int64_t, Entry>>> wide_;
};

}  // namespace

llvm::Function* declareTrapProbe(llvm::Module& module) {
    llvm::LLVMContext& context = module.getContext();
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                         {llvm::PointerType::get(context, 0), llvm::Type::getInt64Ty(context)}, false);
    auto* probe = llvm::cast<llvm::Function>(module.getOrInsertFunction(kProbeName, type).getCallee());
    probe->setMemoryEffects(llvm::MemoryEffects::inaccessibleMemOnly());
    probe->addFnAttr(llvm::Attribute::NoUnwind);
    probe->addFnAttr(llvm::Attribute::WillReturn);
    probe->addFnAttr(llvm::Attribute::NoSync);
    probe->addFnAttr(llvm::Attribute::NoFree);
    probe->addFnAttr(llvm::Attribute::NoCallback);
    probe->addParamAttr(0, llvm::Attribute::NoCapture);
    probe->addParamAttr(0, llvm::Attribute::ReadNone);
    // The inliner charges every call it cannot simplify one instruction and then, unless told a
    // call's cost, a call penalty and its arguments' set-up. Nearly every probe resolves to nothing,
    // so it is told the cost that cancels the instruction: inlining decides as if probes were not
    // there.
    probe->addFnAttr("call-inline-cost", std::to_string(-llvm::InlineConstants::getInstrCost()));
    return probe;
}

std::string functionWithUnresolvedTrapProbe(const llvm::Module& module) {
    const llvm::Function* probe = module.getFunction(kProbeName);
    if (!probe) return {};
    for (const llvm::User* user : probe->users())
        if (const auto* call = llvm::dyn_cast<llvm::CallInst>(user)) return call->getFunction()->getName().str();
    return {};
}

void emitTrapProbe(llvm::IRBuilder<>& builder, llvm::Function* probe, llvm::Value* address, uint64_t bytes) {
    builder.CreateCall(probe, {address, builder.getInt64(bytes)});
}

llvm::PreservedAnalyses ResolveTrapProbes::run(llvm::Function& function, llvm::FunctionAnalysisManager& analyses) {
    const llvm::Function* probe = function.getParent()->getFunction(kProbeName);
    auto hasProbe = [&] {
        for (const llvm::Instruction& instruction : llvm::instructions(function))
            if (isProbe(instruction, probe)) return true;
        return false;
    };
    if (!probe || !hasProbe()) return llvm::PreservedAnalyses::all();

    // An access that is dead already would be deleted by the next clean-up: it covers nothing.
    llvm::PreservedAnalyses preserved = llvm::ADCEPass().run(function, analyses);
    analyses.invalidate(function, preserved);
    std::vector<llvm::CallInst*> probes;
    for (llvm::Instruction& instruction : llvm::instructions(function))
        if (isProbe(instruction, probe)) probes.push_back(llvm::cast<llvm::CallInst>(&instruction));

    const llvm::DataLayout& layout = function.getDataLayout();
    const AccessIndex accesses(function, probe);
    const auto& dominators = analyses.getResult<llvm::DominatorTreeAnalysis>(function);
    for (llvm::CallInst* call : probes) {
        llvm::Value* address = call->getArgOperand(0);
        const uint64_t bytes = llvm::cast<llvm::ConstantInt>(call->getArgOperand(1))->getZExtValue();
        if (!accesses.covers(rangeOf(address, bytes, layout), call, dominators)) {
            llvm::IRBuilder<> builder(call);
            builder.CreateAlignedLoad(builder.getIntNTy(unsigned(bytes * 8)), address, llvm::Align(1),
                                      /*isVolatile=*/true);
        }
        call->eraseFromParent();
    }
    // Probes became loads or nothing; the control flow is as ADCE left it.
    llvm::PreservedAnalyses resolved;
    resolved.preserveSet<llvm::CFGAnalyses>();
    preserved.intersect(std::move(resolved));
    return preserved;
}

}  // namespace faaslet::compiler

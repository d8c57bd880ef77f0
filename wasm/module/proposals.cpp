#include "wasm/module/proposals.h"

#include "fmt/format.h"

namespace faaslet::wasm {

namespace {

// The feature names are LLVM's (its target_features section and -m flags).
constexpr Proposal kLegacyExceptions{"the exception-handling proposal (legacy try/catch)",
                                     "exception-handling"};
constexpr Proposal kExceptions{"the exception-handling proposal (try_table and exnref)",
                               "exception-handling"};
constexpr Proposal kThrow{"the exception-handling proposal (throw)", "exception-handling"};
constexpr Proposal kTagSection{"the exception-handling proposal (tag section)", "exception-handling"};
constexpr Proposal kTag{"a tag of the exception-handling proposal", "exception-handling"};
constexpr Proposal kTailCall{"the tail-call proposal", "tail-call"};
constexpr Proposal kFunctionReferences{"the typed function references proposal", "reference-types"};
constexpr Proposal kGc{"the garbage collection proposal", "gc"};
constexpr Proposal kThreads{"the threads proposal (atomic operators)", "atomics"};
constexpr Proposal kRelaxedSimd{"the relaxed SIMD proposal", "relaxed-simd"};

}  // namespace

const Proposal* proposalOfOpcode(uint8_t prefix, uint32_t code) {
    switch (prefix) {
        case 0x00:
            switch (code) {
                case 0x06:  // try
                case 0x07:  // catch
                case 0x09:  // rethrow
                case 0x18:  // delegate
                case 0x19:  // catch_all
                    return &kLegacyExceptions;
                case 0x08: return &kThrow;  // both forms of the proposal
                case 0x0a:                  // throw_ref
                case 0x1f:                  // try_table
                    return &kExceptions;
                case 0x12:  // return_call
                case 0x13:  // return_call_indirect
                    return &kTailCall;
                case 0x14:  // call_ref
                case 0x15:  // return_call_ref
                case 0xd4:  // ref.as_non_null
                case 0xd5:  // br_on_null
                case 0xd6:  // br_on_non_null
                    return &kFunctionReferences;
                case 0xd3:  // ref.eq
                case 0xfb:  // the prefix of the GC operators
                    return &kGc;
                case 0xfe: return &kThreads;  // the prefix of the atomic operators
                default: return nullptr;
            }
        case 0xfd:
            // Relaxed SIMD took 0x100 to 0x113 after the 2.0 SIMD operators.
            if (code >= 0x100 && code <= 0x113) return &kRelaxedSimd;
            return nullptr;
        default: return nullptr;
    }
}

const Proposal* proposalOfSection(uint8_t id) {
    if (id == 13) return &kTagSection;
    return nullptr;
}

const Proposal* proposalOfValType(uint8_t code) {
    switch (code) {
        case 0x69:  // exnref
        case 0x74:  // noexn
            return &kExceptions;
        case 0x63:  // (ref null ht)
        case 0x64:  // (ref ht)
            return &kFunctionReferences;
        case 0x6e:  // anyref
        case 0x6d:  // eqref
        case 0x6c:  // i31ref
        case 0x6b:  // structref
        case 0x6a:  // arrayref
        case 0x71:  // nullref
        case 0x72:  // nullexternref
        case 0x73:  // nullfuncref
            return &kGc;
        default: return nullptr;
    }
}

const Proposal* proposalOfExternKind(uint8_t kind) {
    if (kind == 0x04) return &kTag;
    return nullptr;
}

std::string unsupportedProposal(const Proposal& proposal) {
    return fmt::format("uses {}, not supported", proposal.description);
}

}  // namespace faaslet::wasm

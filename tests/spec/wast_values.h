#pragma once
// The constants of a .wast script: the arguments of an invoke and the results an assert_return
// expects (which may also be NaN patterns, per lane for v128).

#include "tests/spec/value.h"
#include "text/token_cursor.h"

namespace faaslet::spectest {

// `(i32.const 1)`, `(v128.const i32x4 1 2 3 4)`, `(ref.null func)`, `(ref.extern 1)`. Throws
// text::SyntaxError.
Value readConst(text::TokenCursor& in);
// A constant, or `(f32.const nan:canonical)`, `(v128.const f32x4 nan:arithmetic 0 0 0)`,
// `(ref.func)`, `(ref.extern)`.
Expected readResult(text::TokenCursor& in);

}  // namespace faaslet::spectest

;; A Faasm-style module: the state functions imported without a result, as Faasm declares them.
;; "good" writes and pushes a value; "bad" writes under a key with a space, which the host refuses
;; with a trap (the module could not see an error code).
(module
  (import "env" "__faasm_write_state" (func $write (param i32 i32 i32)))
  (import "env" "__faasm_push_state" (func $push (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "faasm-key\00")
  (data (i32.const 32) "bad key\00")
  (data (i32.const 64) "void")
  (func (export "good")
    (call $write (i32.const 16) (i32.const 64) (i32.const 4))
    (call $push (i32.const 16)))
  (func (export "bad")
    (call $write (i32.const 32) (i32.const 64) (i32.const 4))))

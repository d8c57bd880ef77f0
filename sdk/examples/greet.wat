;; A WASI command written in the text format: `faaslet run sdk/examples/greet.wat -- NAME` prints
;; a greeting for its first argument (or "world"), through args_get and fd_write.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; 0..7: the iovec; 16..23: argc and the argv buffer size; 64..: argv pointers; 1024..: their text
  (data (i32.const 256) "Hello, ")
  (data (i32.const 288) "world")
  (data (i32.const 320) "! (from a .wat module)\n")

  ;; Writes LEN bytes at PTR to stdout.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store offset=4 (i32.const 0) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; The length of the NUL-terminated string at PTR.
  (func $strlen (param $ptr i32) (result i32)
    (local $end i32)
    (local.set $end (local.get $ptr))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $end))))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $end) (local.get $ptr)))

  (func (export "_start")
    (local $name i32)
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 64) (i32.const 1024)))
    (call $print (i32.const 256) (i32.const 7))
    (if (i32.ge_u (i32.load (i32.const 16)) (i32.const 2))
      (then
        (local.set $name (i32.load offset=4 (i32.const 64)))
        (call $print (local.get $name) (call $strlen (local.get $name))))
      (else (call $print (i32.const 288) (i32.const 5))))
    (call $print (i32.const 320) (i32.const 23)))
)

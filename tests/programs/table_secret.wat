;; A function for the Faaslet isolation tests that keeps state in a table and a mutable global:
;; input "p" plants a function reference in table slot 1, grows the table and sets the global;
;; any other input returns 100 if it finds either planted, else the table's size (2 when clean).
(module
  (import "env" "__faasm_read_input" (func $read (param i32 i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (global $planted (mut i32) (i32.const 0))
  (func $secret (result i32) (i32.const 42))
  (elem declare func $secret)
  (func (export "run") (result i32)
    (drop (call $read (i32.const 0) (i32.const 1)))
    (if (i32.eq (i32.load8_u (i32.const 0)) (i32.const 112))
      (then
        (table.set (i32.const 1) (ref.func $secret))
        (drop (table.grow (ref.func $secret) (i32.const 3)))
        (global.set $planted (i32.const 1))
        (return (i32.const 0))))
    (if (result i32) (i32.or (global.get $planted) (i32.eqz (ref.is_null (table.get (i32.const 1)))))
      (then (i32.const 100))
      (else (table.size)))))

;; A command that never ends: `faaslet run --timeout` must stop it.
(module (func (export "_start") (loop $forever (br $forever))))

//go:build !cgo

package needcgo

// The identifier below is undefined on purpose: the compiler prints its name,
// which is the sentence a newcomer needs.
var _ = claimtrack_needs_cgo_for_SQLite__install_a_C_compiler_such_as_gcc_and_build_with_CGO_ENABLED_1

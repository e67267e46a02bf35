package identityhmac

// Where cgo finds the header and the static library inside a checkout of the
// repository: bindings-c/include and the target/release directory of
// `cargo build --release -p identity-hmac-c`. scripts/release/go.sh leaves
// this file out of the release module and writes link.go and one
// link_<platform>.go per platform instead, pointing at the module's own
// include/ and lib/<platform>/ directories.

/*
#cgo CFLAGS: -I${SRCDIR}/../include
#cgo LDFLAGS: -L${SRCDIR}/../../target/release -l:libidentity_hmac.a -lpthread -ldl -lm
*/
import "C"

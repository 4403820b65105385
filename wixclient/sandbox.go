package wixclient

import "net/http"

// NotEmulatedCode is the applicationError code with which wix-mcp's local
// Wix emulator (package wixclient/wixsim, the --sandbox) answers 501 for an
// endpoint of the Wix REST API that it does not emulate. Real Wix never
// sends it.
const NotEmulatedCode = "SANDBOX_NOT_EMULATED"

// NotEmulated reports whether the error is the emulator's "this endpoint
// exists on Wix but is not emulated" answer, as opposed to a wrong path.
func (e *APIError) NotEmulated() bool {
	return e.Status == http.StatusNotImplemented && e.Code == NotEmulatedCode
}

package wixsim

import "net/http"

// apiError is an answer in Wix's error shape:
// {"message": "...", "details": {"applicationError"|"validationError": {...}}}.
type apiError struct {
	status     int
	message    string
	app        *applicationError
	violations []FieldViolation
	retryAfter string
}

type applicationError struct {
	Code        string         `json:"code"`
	Description string         `json:"description"`
	Data        map[string]any `json:"data"`
}

// FieldViolation is one entry of details.validationError.fieldViolations,
// spelled as in @wix/error-handler-types.
type FieldViolation struct {
	Field        string         `json:"field"`
	Description  string         `json:"description"`
	ViolatedRule string         `json:"violatedRule"`
	RuleName     string         `json:"ruleName,omitempty"`
	Data         map[string]any `json:"data,omitempty"`
}

func (e *apiError) Error() string { return e.message }

// body renders the error the way Wix does.
func (e *apiError) body() map[string]any {
	details := map[string]any{}
	if e.violations != nil {
		details["validationError"] = map[string]any{"fieldViolations": e.violations}
	} else if e.app != nil {
		app := *e.app
		if app.Data == nil {
			app.Data = map[string]any{}
		}
		details["applicationError"] = app
	}
	return map[string]any{"message": e.message, "details": details}
}

// grpcName is the status name Wix puts in front of application messages,
// e.g. "PERMISSION_DENIED: ...".
func grpcName(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "INVALID_ARGUMENT"
	case http.StatusUnauthorized:
		return "UNAUTHENTICATED"
	case http.StatusForbidden:
		return "PERMISSION_DENIED"
	case http.StatusNotFound:
		return "NOT_FOUND"
	case http.StatusConflict:
		return "ALREADY_EXISTS"
	case http.StatusPreconditionRequired:
		return "FAILED_PRECONDITION"
	case http.StatusTooManyRequests:
		return "RESOURCE_EXHAUSTED"
	case http.StatusNotImplemented:
		return "UNIMPLEMENTED"
	case http.StatusServiceUnavailable:
		return "UNAVAILABLE"
	case http.StatusGatewayTimeout:
		return "DEADLINE_EXCEEDED"
	default:
		return "INTERNAL"
	}
}

// appErr builds an application error; the message gets Wix's gRPC status
// prefix and the description stays bare.
func appErr(status int, code, description string) *apiError {
	return &apiError{
		status:  status,
		message: grpcName(status) + ": " + description,
		app:     &applicationError{Code: code, Description: description},
	}
}

// appErrData is appErr with applicationError.data filled in.
func appErrData(status int, code, description string, data map[string]any) *apiError {
	e := appErr(status, code, description)
	e.app.Data = data
	return e
}

// validationErr builds a 400 with details.validationError. Wix's message is
// a tree of the violations; one line per violation is close enough.
func validationErr(violations ...FieldViolation) *apiError {
	msg := ""
	for i, v := range violations {
		if i > 0 {
			msg += "\n"
		}
		if v.Field != "" {
			msg += v.Field + ": "
		}
		msg += v.Description
	}
	return &apiError{status: http.StatusBadRequest, message: msg, violations: violations}
}

// violation is a shorthand for a single-violation validation error.
func violation(field, description, rule string) *apiError {
	return validationErr(FieldViolation{Field: field, Description: description, ViolatedRule: rule})
}

func notFound(code, what, id string) *apiError {
	return appErrData(http.StatusNotFound, code, what+" not found", map[string]any{"id": id})
}

package config

import (
	"strings"
	"unicode"
)

// placeholder reports whether v is a placeholder where a key, token or ID
// should be: what an MCP client passes when the variable its configuration
// names is not set (${WIX_API_KEY}, $WIX_API_KEY, %WIX_API_KEY%,
// {{WIX_API_KEY}}), or the sample text of a configuration snippet that was
// never replaced (<your key>, YOUR_API_KEY, your-api-key, xxxx). Without
// this check the server would start and then fail every call with a 401.
func placeholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	switch {
	case strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}"),
		strings.HasPrefix(v, "{{") && strings.HasSuffix(v, "}}"),
		strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">"),
		strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"),
		len(v) > 2 && strings.HasPrefix(v, "%") && strings.HasSuffix(v, "%") && isVarName(v[1:len(v)-1]),
		len(v) > 1 && v[0] == '$' && isVarName(v[1:]),
		strings.Contains(v, "${"), strings.Contains(v, "{{"):
		return true
	}
	// Real keys are long (IST. and a JWT); the word check applies only to
	// values short enough to be typed, so it cannot hit a real key.
	if len(v) > 64 {
		return false
	}
	words := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, v)
	if strings.Trim(words, "x") == "" || strings.Trim(words, "0") == "" || strings.Trim(words, ".") == "" {
		return true // xxxx, 0000, ...
	}
	if strings.Contains(words, "your") || strings.Contains(words, "changeme") || strings.Contains(words, "replaceme") ||
		strings.Contains(words, "placeholder") {
		return true
	}
	for _, verb := range []string{"paste", "insert", "replace", "enter", "put"} {
		if strings.HasPrefix(words, verb) {
			return true
		}
	}
	switch words {
	case "apikey", "wixapikey", "apitoken", "todo", "tbd", "null", "none", "undefined":
		return true
	}
	return false
}

// isVarName reports whether s is an environment variable name.
func isVarName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// placeholderProblem is the start-up refusal of a placeholder in variable:
// it names the variable and says what happened, without quoting the value.
func placeholderProblem(variable string) string {
	return variable + " holds a placeholder (such as ${" + variable + "} or <your key>), not a value: the MCP client did not substitute it, " +
		"usually because the variable is not set where the client runs; put the real value in the client's env settings"
}

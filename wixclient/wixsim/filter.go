package wixsim

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file is the filter half of the Wix API Query Language
// (https://dev.wix.com/docs/rest/articles/get-started/api-query-language):
// equality and operator forms, dotted field paths,
// $and/$or/$not, and per-endpoint filterable fields.

// opSet is a set of operators; nil means every operator.
type opSet map[string]bool

func ops(names ...string) opSet {
	s := opSet{}
	for _, n := range names {
		s[n] = true
	}
	return s
}

// fieldRule declares one filterable field. path is where the value is
// stored when it differs from the filter name (e.g. info.labelKeys is
// stored under info.labelKeys.items).
type fieldRule struct {
	ops  opSet
	path string
}

// filterRules maps filterable field names to rules; a nil map allows any
// field with any operator (Wix Data collections).
type filterRules map[string]fieldRule

var knownOps = ops("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$hasSome", "$hasAll",
	"$startsWith", "$endsWith", "$contains", "$exists", "$isEmpty", "$matchItems")

type predicate func(Object) bool

func matchAll(Object) bool { return true }

// compileFilter turns a filter into a predicate. Strict compilation
// rejects fields the rules do not declare; lenient compilation (for
// filters the sim built itself, such as those carried by cursors) only
// uses the rules' storage paths. at names the filter in errors, e.g.
// "query.filter".
func compileFilter(f any, rules filterRules, strict bool, at string) (predicate, *apiError) {
	if f == nil {
		return matchAll, nil
	}
	m, ok := f.(map[string]any)
	if !ok {
		return nil, violation(at, "filter must be an object", "FORMAT")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var preds []predicate
	for _, k := range keys {
		v := m[k]
		var p predicate
		var err *apiError
		switch k {
		case "$and", "$or":
			p, err = compileLogical(k, v, rules, strict, at)
		case "$not":
			var inner predicate
			inner, err = compileFilter(v, rules, strict, at)
			if err == nil {
				p = func(o Object) bool { return !inner(o) }
			}
		default:
			if strings.HasPrefix(k, "$") {
				return nil, violation(at, fmt.Sprintf("Unknown operator '%s'", k), "FORMAT")
			}
			p, err = compileField(k, v, rules, strict, at)
		}
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	return func(o Object) bool {
		for _, p := range preds {
			if !p(o) {
				return false
			}
		}
		return true
	}, nil
}

func compileLogical(op string, v any, rules filterRules, strict bool, at string) (predicate, *apiError) {
	list, ok := v.([]any)
	if !ok {
		return nil, violation(at, fmt.Sprintf("operator '%s' expects an array of filters", op), "FORMAT")
	}
	var preds []predicate
	for _, sub := range list {
		p, err := compileFilter(sub, rules, strict, at)
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	if op == "$and" {
		return func(o Object) bool {
			for _, p := range preds {
				if !p(o) {
					return false
				}
			}
			return true
		}, nil
	}
	return func(o Object) bool {
		for _, p := range preds {
			if p(o) {
				return true
			}
		}
		return false
	}, nil
}

func compileField(field string, v any, rules filterRules, strict bool, at string) (predicate, *apiError) {
	rule, declared := rules[field]
	if strict && rules != nil {
		if !declared {
			return nil, validationErr(FieldViolation{
				Field: "value", Description: fmt.Sprintf("Field '%s' is not declared as filterable", field),
				ViolatedRule: "OTHER", RuleName: "FILTER_FIELD_NOT_DECLARED", Data: map[string]any{"fieldName": field},
			})
		}
	}
	path := field
	if rule.path != "" {
		path = rule.path
	}
	parts := strings.Split(path, ".")
	conds := map[string]any{"$eq": v}
	if m, ok := v.(map[string]any); ok && len(m) > 0 && isOperatorObject(m) {
		conds = m
	}
	names := make([]string, 0, len(conds))
	for op := range conds {
		names = append(names, op)
	}
	sort.Strings(names)
	var tests []func([]any) bool
	for _, op := range names {
		if !knownOps[op] {
			return nil, violation(at, fmt.Sprintf("Unknown operator '%s'", op), "FORMAT")
		}
		if strict && rule.ops != nil && !rule.ops[op] {
			return nil, violation(at, fmt.Sprintf("Operator '%s' is not supported for field '%s'", op, field), "FORMAT")
		}
		t, err := operatorTest(op, conds[op], field, at)
		if err != nil {
			return nil, err
		}
		tests = append(tests, t)
	}
	return func(o Object) bool {
		vals := resolve(o, parts)
		for _, t := range tests {
			if !t(vals) {
				return false
			}
		}
		return true
	}, nil
}

func isOperatorObject(m map[string]any) bool {
	for k := range m {
		if !strings.HasPrefix(k, "$") || k == "$date" {
			return false
		}
	}
	return true
}

// operatorTest checks the operand and returns a test over the values found
// at the field's path (several when the path crosses an array).
func operatorTest(op string, operand any, field, at string) (func([]any) bool, *apiError) {
	bad := func(want string) *apiError {
		return violation(at, fmt.Sprintf("operator '%s' on field '%s' expects %s", op, field, want), "FORMAT")
	}
	switch op {
	case "$eq":
		return func(vals []any) bool { return anyEqual(vals, operand) }, nil
	case "$ne":
		return func(vals []any) bool { return !anyEqual(vals, operand) }, nil
	case "$gt", "$gte", "$lt", "$lte":
		switch unwrapDate(operand).(type) {
		case float64, string:
		default:
			return nil, bad("a number, string or date")
		}
		return func(vals []any) bool {
			for _, v := range vals {
				c, ok := compareValues(v, operand)
				if ok && (op == "$gt" && c > 0 || op == "$gte" && c >= 0 || op == "$lt" && c < 0 || op == "$lte" && c <= 0) {
					return true
				}
			}
			return false
		}, nil
	case "$in", "$nin", "$hasSome", "$hasAll":
		list, ok := operand.([]any)
		if !ok {
			return nil, bad("an array")
		}
		return func(vals []any) bool {
			elems := flatten(vals)
			switch op {
			case "$in", "$hasSome":
				return containsAny(elems, list)
			case "$nin":
				return !containsAny(elems, list)
			}
			for _, want := range list {
				if !anyEqual(elems, want) {
					return false
				}
			}
			return true
		}, nil
	case "$startsWith", "$endsWith", "$contains":
		s, ok := operand.(string)
		if !ok {
			return nil, bad("a string")
		}
		needle := strings.ToLower(s)
		match := map[string]func(string, string) bool{
			"$startsWith": strings.HasPrefix, "$endsWith": strings.HasSuffix, "$contains": strings.Contains,
		}[op]
		test := func(v any) bool {
			str, ok := v.(string)
			return ok && match(strings.ToLower(str), needle)
		}
		return func(vals []any) bool {
			for _, v := range vals {
				if arr, ok := v.([]any); ok {
					if slices.ContainsFunc(arr, test) {
						return true
					}
				} else if test(v) {
					return true
				}
			}
			return false
		}, nil
	case "$matchItems":
		// {"variantsInfo.variants": {"$matchItems": [{"sku": "X"}]}}: some
		// element of the array matches each given filter (a single filter
		// object is taken too).
		subs, ok := operand.([]any)
		if !ok {
			subs = []any{operand}
		}
		var preds []predicate
		for _, sub := range subs {
			p, err := compileFilter(sub, nil, false, at)
			if err != nil {
				return nil, err
			}
			preds = append(preds, p)
		}
		return func(vals []any) bool {
			elems := flatten(vals)
			for _, p := range preds {
				if !slices.ContainsFunc(elems, func(e any) bool {
					m, ok := e.(map[string]any)
					return ok && p(m)
				}) {
					return false
				}
			}
			return true
		}, nil
	case "$exists", "$isEmpty":
		want, ok := operand.(bool)
		if !ok {
			return nil, bad("a boolean")
		}
		if op == "$exists" {
			return func(vals []any) bool { return exists(vals) == want }, nil
		}
		return func(vals []any) bool { return isEmpty(vals) == want }, nil
	}
	return nil, violation(at, fmt.Sprintf("Unknown operator '%s'", op), "FORMAT")
}

// resolve returns the values at a dotted path, fanning out over arrays met
// on the way. A missing path gives no values.
func resolve(v any, parts []string) []any {
	first, found, viaArray := resolveFirst(v, parts)
	switch {
	case viaArray:
		return resolveSlow(v, parts)
	case !found:
		return nil
	}
	return []any{first}
}

// resolveFirst is resolve for paths through objects only, which give at
// most one value, without allocating; viaArray says the path crosses an
// array and needs resolve.
func resolveFirst(v any, parts []string) (value any, found, viaArray bool) {
	cur := v
	for _, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			_, isArr := cur.([]any)
			return nil, false, isArr
		}
		if cur, ok = m[p]; !ok {
			return nil, false, false
		}
	}
	return cur, true, false
}

func resolveSlow(v any, parts []string) []any {
	if len(parts) == 0 {
		return []any{v}
	}
	switch t := v.(type) {
	case map[string]any:
		child, ok := t[parts[0]]
		if !ok {
			return nil
		}
		return resolveSlow(child, parts[1:])
	case []any:
		var out []any
		for _, e := range t {
			out = append(out, resolveSlow(e, parts)...)
		}
		return out
	}
	return nil
}

func flatten(vals []any) []any {
	var out []any
	for _, v := range vals {
		if arr, ok := v.([]any); ok {
			out = append(out, arr...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

func exists(vals []any) bool {
	for _, v := range vals {
		if v != nil {
			return true
		}
	}
	return false
}

func isEmpty(vals []any) bool {
	for _, v := range vals {
		switch t := v.(type) {
		case nil:
		case string:
			if t != "" {
				return false
			}
		case []any:
			if len(t) > 0 {
				return false
			}
		case map[string]any:
			if len(t) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func anyEqual(vals []any, want any) bool {
	for _, v := range vals {
		if valuesEqual(v, want) {
			return true
		}
	}
	return false
}

func containsAny(elems, list []any) bool {
	for _, want := range list {
		if anyEqual(elems, want) {
			return true
		}
	}
	return false
}

func valuesEqual(a, b any) bool {
	if c, ok := compareValues(a, b); ok {
		return c == 0
	}
	return reflect.DeepEqual(unwrapDate(a), unwrapDate(b))
}

// unwrapDate turns Wix Data's {"$date": "..."} into its string.
func unwrapDate(v any) any {
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		if d, ok := m["$date"]; ok {
			return d
		}
	}
	return v
}

// compareValues orders two scalars: numbers (numeric strings included,
// since Wix sends money amounts as strings), ISO dates as instants, other
// strings bytewise, false before true. ok is false for other pairs.
func compareValues(a, b any) (int, bool) {
	a, b = unwrapDate(a), unwrapDate(b)
	switch x := a.(type) {
	case float64:
		if y, ok := asNumber(b); ok {
			return cmpFloat(x, y), true
		}
	case string:
		switch y := b.(type) {
		case string:
			if tx, ok := asTime(x); ok {
				if ty, ok := asTime(y); ok {
					return tx.Compare(ty), true
				}
			}
			if nx, ok := asNumber(x); ok {
				if ny, ok := asNumber(y); ok {
					return cmpFloat(nx, ny), true
				}
			}
			return strings.Compare(x, y), true
		case float64:
			if nx, ok := asNumber(x); ok {
				return cmpFloat(nx, y), true
			}
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0, true
			case !x:
				return -1, true
			default:
				return 1, true
			}
		}
	}
	return 0, false
}

func asNumber(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case string:
		if t == "" || strings.ContainsAny(t, "eExX") {
			return 0, false
		}
		f, err := strconv.ParseFloat(t, 64)
		return f, err == nil
	}
	return 0, false
}

func asTime(s string) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

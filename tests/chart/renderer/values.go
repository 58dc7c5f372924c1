package main

import (
	"fmt"
	"strconv"
	"strings"
)

// buildValues merges like helm template: chart defaults, then each -f file, then each --set and
// --set-string in order; a null in a later layer removes the key.
func buildValues(defaults map[string]interface{}, o *options) (map[string]interface{}, error) {
	result := deepCopy(defaults).(map[string]interface{})
	for _, f := range o.valueFiles {
		layer, err := readValuesFile(f, false)
		if err != nil {
			return nil, fmt.Errorf("values file: %w", err)
		}
		merge(result, layer)
	}
	for _, s := range o.sets {
		if err := applySet(result, s, false); err != nil {
			return nil, fmt.Errorf("--set %s: %w", s, err)
		}
	}
	for _, s := range o.setStrings {
		if err := applySet(result, s, true); err != nil {
			return nil, fmt.Errorf("--set-string %s: %w", s, err)
		}
	}
	return result, nil
}

func merge(dst, src map[string]interface{}) {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		sm, srcIsMap := v.(map[string]interface{})
		dm, dstIsMap := dst[k].(map[string]interface{})
		if srcIsMap && dstIsMap {
			merge(dm, sm)
		} else {
			dst[k] = deepCopy(v)
		}
	}
}

func deepCopy(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, x := range t {
			m[k] = deepCopy(x)
		}
		return m
	case []interface{}:
		l := make([]interface{}, len(t))
		for i, x := range t {
			l[i] = deepCopy(x)
		}
		return l
	default:
		return v
	}
}

// applySet applies one --set argument: comma-separated key=value pairs, dotted keys, name[i]
// list indexes, {a,b} lists, backslash escapes for ',', '.', '=' and typed scalars (int, bool,
// null) unless asString.
func applySet(values map[string]interface{}, arg string, asString bool) error {
	for _, pair := range splitUnescaped(arg, ',', true) {
		key, raw, ok := cutUnescaped(pair, '=')
		if !ok {
			return fmt.Errorf("%q is not key=value", pair)
		}
		path := splitUnescaped(key, '.', false)
		var value interface{}
		if strings.HasPrefix(raw, "{") && strings.HasSuffix(raw, "}") {
			items := []interface{}{}
			if inner := raw[1 : len(raw)-1]; inner != "" {
				for _, item := range splitUnescaped(inner, ',', false) {
					items = append(items, typed(unescape(item), asString))
				}
			}
			value = items
		} else {
			value = typed(unescape(raw), asString)
		}
		if err := setPath(values, path, value); err != nil {
			return err
		}
	}
	return nil
}

func typed(s string, asString bool) interface{} {
	if asString {
		return s
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil && (s == "0" || !strings.HasPrefix(s, "0")) {
		return i
	}
	return s
}

func setPath(values map[string]interface{}, path []string, value interface{}) error {
	current := values
	for i, raw := range path {
		name, index, hasIndex, err := splitIndex(unescape(raw))
		if err != nil {
			return err
		}
		last := i == len(path)-1
		if !hasIndex {
			if last {
				if value == nil {
					delete(current, name)
				} else {
					current[name] = value
				}
				return nil
			}
			next, ok := current[name].(map[string]interface{})
			if !ok {
				next = map[string]interface{}{}
				current[name] = next
			}
			current = next
			continue
		}
		list, _ := current[name].([]interface{})
		for len(list) <= index {
			list = append(list, nil)
		}
		current[name] = list
		if last {
			list[index] = value
			return nil
		}
		next, ok := list[index].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			list[index] = next
		}
		current = next
	}
	return nil
}

func splitIndex(part string) (string, int, bool, error) {
	open := strings.IndexByte(part, '[')
	if open < 0 || !strings.HasSuffix(part, "]") {
		if part == "" {
			return "", 0, false, fmt.Errorf("empty key")
		}
		return part, 0, false, nil
	}
	index, err := strconv.Atoi(part[open+1 : len(part)-1])
	if err != nil || index < 0 || index > 65535 {
		return "", 0, false, fmt.Errorf("bad list index in %q", part)
	}
	return part[:open], index, true, nil
}

// splitUnescaped splits on sep outside backslash escapes (and, when braces is set, outside {...}).
func splitUnescaped(s string, sep byte, braces bool) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case braces && s[i] == '{':
			depth++
		case braces && s[i] == '}' && depth > 0:
			depth--
		case s[i] == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

func cutUnescaped(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
		} else if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

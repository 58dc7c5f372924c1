package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	yaml "gopkg.in/yaml.v3"
)

// chart is a chart directory as Helm loads it: metadata, default values and template files
// (paths relative to the chart's parent, as Helm names them: "verwalter/templates/x.yaml").
type chart struct {
	dir       string
	metadata  map[string]interface{}
	values    map[string]interface{}
	templates map[string]string
	files     map[string][]byte
}

// Helm exposes Chart.yaml fields with Go-style names.
var metadataNames = map[string]string{
	"apiVersion": "APIVersion", "name": "Name", "version": "Version", "appVersion": "AppVersion",
	"description": "Description", "type": "Type", "kubeVersion": "KubeVersion", "home": "Home",
	"keywords": "Keywords", "sources": "Sources", "maintainers": "Maintainers", "icon": "Icon",
	"annotations": "Annotations", "deprecated": "Deprecated", "dependencies": "Dependencies",
}

func loadChart(dir string) (*chart, error) {
	c := &chart{dir: dir, templates: map[string]string{}, files: map[string][]byte{}}
	raw, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("%s: not a chart: %w", dir, err)
	}
	meta := map[string]interface{}{}
	if err := yaml.Unmarshal(raw, &meta); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "Chart.yaml"), err)
	}
	c.metadata = map[string]interface{}{}
	for k, v := range meta {
		if name, ok := metadataNames[k]; ok {
			c.metadata[name] = v
		} else {
			return nil, fmt.Errorf("%s: unknown field %q", filepath.Join(dir, "Chart.yaml"), k)
		}
	}
	for _, field := range []string{"apiVersion", "name", "version"} {
		if s, _ := meta[field].(string); s == "" {
			return nil, fmt.Errorf("%s: field %q is required", filepath.Join(dir, "Chart.yaml"), field)
		}
	}
	if meta["apiVersion"] != "v2" {
		return nil, fmt.Errorf("%s: apiVersion must be v2, got %v", filepath.Join(dir, "Chart.yaml"), meta["apiVersion"])
	}
	c.values, err = readValuesFile(filepath.Join(dir, "values.yaml"), true)
	if err != nil {
		return nil, err
	}
	name := meta["name"].(string)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "charts" {
				return fmt.Errorf("%s: sub-charts are not supported by this renderer", path)
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasPrefix(rel, "templates/") {
			c.templates[name+"/"+rel] = string(data)
		} else {
			c.files[rel] = data
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// readValuesFile reads one YAML mapping; a missing file is empty when optional.
func readValuesFile(path string, optional bool) (map[string]interface{}, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		if optional && os.IsNotExist(err) {
			return map[string]interface{}{}, nil
		}
		return nil, err
	}
	values := map[string]interface{}{}
	if err := yaml.Unmarshal(raw, &values); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return normalize(values).(map[string]interface{}), nil
}

// normalize turns yaml.v3's generic values into the shapes Helm's templates see
// (map[string]interface{} and []interface{}, all the way down).
func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		for k, x := range t {
			t[k] = normalize(x)
		}
		return t
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, x := range t {
			m[fmt.Sprint(k)] = normalize(x)
		}
		return m
	case []interface{}:
		for i, x := range t {
			t[i] = normalize(x)
		}
		return t
	default:
		return v
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package main

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"text/template"
)

// Helm stops runaway recursion of include/tpl at this depth.
const recursionLimit = 1000

type renderer struct {
	root  *template.Template
	depth map[string]int
}

// renderChart executes every template that is not a partial (_*.tpl, _*.yaml) or NOTES.txt and
// joins the non-empty results as "---\n# Source: NAME\n..." documents, like helm template.
// With --show-notes it prints the rendered NOTES.txt instead.
func renderChart(c *chart, values map[string]interface{}, o *options) (string, error) {
	r := &renderer{depth: map[string]int{}}
	r.root = template.New("gotpl").Option("missingkey=zero")
	r.root.Funcs(r.funcMap())
	names := sortedKeys(c.templates)
	for _, name := range names {
		if _, err := r.root.New(name).Parse(c.templates[name]); err != nil {
			return "", helmError(err)
		}
	}
	top := map[string]interface{}{
		"Values":       values,
		"Release":      release(o),
		"Chart":        c.metadata,
		"Capabilities": capabilities(o),
		"Files":        files(c.files),
	}
	var out strings.Builder
	for _, name := range names {
		base := path.Base(name)
		isNotes := base == "NOTES.txt"
		if strings.HasPrefix(base, "_") || isNotes != o.showNotes {
			continue
		}
		scope := map[string]interface{}{}
		for k, v := range top {
			scope[k] = v
		}
		scope["Template"] = map[string]interface{}{"Name": name, "BasePath": c.metadata["Name"].(string) + "/templates"}
		var buf bytes.Buffer
		if err := r.root.ExecuteTemplate(&buf, name, scope); err != nil {
			return "", helmError(err)
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if isNotes {
			out.WriteString(text)
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, strings.TrimRight(text, "\n"))
	}
	return out.String(), nil
}

func (r *renderer) funcMap() template.FuncMap {
	f := sprigFuncs()
	f["include"] = r.include
	f["tpl"] = r.tpl
	f["required"] = required
	f["toYaml"] = toYaml
	f["fromYaml"] = fromYaml
	f["fromYamlArray"] = fromYamlArray
	f["toJson"] = toJSON
	f["fromJson"] = fromJSON
	f["fromJsonArray"] = fromJSONArray
	// No cluster here: lookup finds nothing, as in helm template.
	f["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	return f
}

func (r *renderer) include(name string, data interface{}) (string, error) {
	if r.depth[name] > recursionLimit {
		return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
	}
	r.depth[name]++
	defer func() { r.depth[name]-- }()
	var buf bytes.Buffer
	if err := r.root.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func (r *renderer) tpl(text string, data interface{}) (string, error) {
	clone, err := r.root.Clone()
	if err != nil {
		return "", err
	}
	name := "tpl"
	if scope, ok := data.(map[string]interface{}); ok {
		if t, ok := scope["Template"].(map[string]interface{}); ok {
			name = fmt.Sprint(t["Name"])
		}
	}
	t, err := clone.New(name).Parse(text)
	if err != nil {
		return "", fmt.Errorf("cannot parse template %q: %w", text, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
	}
	return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
}

func required(message string, value interface{}) (interface{}, error) {
	if value == nil {
		return nil, fmt.Errorf("%s", message)
	}
	if s, ok := value.(string); ok && s == "" {
		return value, fmt.Errorf("%s", message)
	}
	return value, nil
}

var execError = regexp.MustCompile(`^template: ([^:]+:\d+:\d+): executing "[^"]*" at <[^>]*>: error calling (?:required|fail|include|tpl): (.*)$`)

// helmError shortens a failed `required`/`fail` the way Helm prints it:
// "execution error at (chart/templates/file.yaml:LINE:COL): message".
func helmError(err error) error {
	msg := err.Error()
	for {
		m := execError.FindStringSubmatch(msg)
		if m == nil {
			break
		}
		inner := m[2]
		if execError.MatchString(inner) {
			msg = inner
			continue
		}
		return fmt.Errorf("execution error at (%s): %s", m[1], inner)
	}
	return err
}

func release(o *options) map[string]interface{} {
	return map[string]interface{}{
		"Name": o.releaseName, "Namespace": o.namespace, "Service": "Helm",
		"IsInstall": true, "IsUpgrade": false, "Revision": 1,
	}
}

// apiVersions is .Capabilities.APIVersions: a list with Has, as in Helm.
type apiVersions []string

func (a apiVersions) Has(version string) bool {
	for _, v := range a {
		if v == version {
			return true
		}
	}
	return false
}

func capabilities(o *options) map[string]interface{} {
	versions := apiVersions{"v1", "apps/v1", "batch/v1", "policy/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1"}
	versions = append(versions, o.apiVersions...)
	sort.Strings(versions)
	v := strings.TrimPrefix(o.kubeVersion, "v")
	parts := strings.SplitN(v, ".", 3)
	for len(parts) < 2 {
		parts = append(parts, "0")
	}
	return map[string]interface{}{
		"APIVersions": versions,
		"KubeVersion": map[string]interface{}{"Version": "v" + v, "GitVersion": "v" + v, "Major": parts[0], "Minor": parts[1]},
		"HelmVersion": map[string]interface{}{"Version": "v3.14.0"},
	}
}

// chartFiles is .Files: the chart's files outside templates/.
type chartFiles map[string][]byte

func files(f map[string][]byte) chartFiles { return chartFiles(f) }

func (f chartFiles) Get(name string) string { return string(f[name]) }

func (f chartFiles) GetBytes(name string) []byte { return f[name] }

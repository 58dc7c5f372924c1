package main

import (
	"fmt"
	"strings"
)

type options struct {
	chartDir    string
	valueFiles  []string
	sets        []string
	setStrings  []string
	releaseName string
	namespace   string
	apiVersions []string
	kubeVersion string
	showNotes   bool
}

func parseArgs(args []string) (*options, error) {
	o := &options{releaseName: "release-name", namespace: "default", kubeVersion: "v1.29.0"}
	next := func(i *int, flag string) (string, error) {
		if *i+1 >= len(args) {
			return "", fmt.Errorf("%s needs a value", flag)
		}
		*i++
		return args[*i], nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		flag, inline, hasInline := strings.Cut(a, "=")
		if !strings.HasPrefix(a, "-") {
			if o.chartDir != "" {
				return nil, fmt.Errorf("unexpected argument %q (the chart is %q)", a, o.chartDir)
			}
			o.chartDir = a
			continue
		}
		value := func() (string, error) {
			if hasInline {
				return inline, nil
			}
			return next(&i, flag)
		}
		var err error
		var v string
		switch flag {
		case "--set":
			v, err = value()
			o.sets = append(o.sets, v)
		case "--set-string":
			v, err = value()
			o.setStrings = append(o.setStrings, v)
		case "-f", "--values":
			v, err = value()
			o.valueFiles = append(o.valueFiles, v)
		case "--name":
			o.releaseName, err = value()
		case "-n", "--namespace":
			o.namespace, err = value()
		case "-a", "--api-versions":
			v, err = value()
			o.apiVersions = append(o.apiVersions, v)
		case "--kube-version":
			o.kubeVersion, err = value()
		case "--show-notes":
			o.showNotes = true
		default:
			return nil, fmt.Errorf("unknown option %q", a)
		}
		if err != nil {
			return nil, err
		}
	}
	if o.chartDir == "" {
		return nil, fmt.Errorf("no CHART directory given")
	}
	return o, nil
}

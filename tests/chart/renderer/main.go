// Command render prints the manifests of a Helm chart as one multi-document YAML stream, with
// Helm's template semantics, for tests on machines where no helm binary is packaged.
//
//	render CHART [--set k=v ...] [--set-string k=v ...] [-f values.yaml ...]
//	       [--name RELEASE] [--namespace NS] [--api-versions group/version ...] [--kube-version v1.29.0]
//	       [--show-notes]
//
// Exit codes: 0 rendered; 1 a template failed (the message names the file, line and column);
// 2 bad command line, chart or values file.
package main

import (
	"fmt"
	"os"
)

func main() {
	opts, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		fmt.Fprintln(os.Stderr, "usage: render CHART [--set k=v ...] [--set-string k=v ...] [-f values.yaml ...] [--name NAME] [--namespace NS] [--api-versions G/V ...] [--kube-version V] [--show-notes]")
		os.Exit(2)
	}
	chart, err := loadChart(opts.chartDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(2)
	}
	values, err := buildValues(chart.values, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(2)
	}
	out, err := renderChart(chart, values, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
	fmt.Print(out)
}

// Package gatewayapi runs the upstream Gateway API conformance suite (sigs.k8s.io/gateway-api/conformance,
// the version in go.mod) against isobar, unmodified: the suite's own options, setup, tests and report.
// This file only supplies what the suite asks an implementation to say about itself: its GatewayClass,
// the profiles it claims, its supported features (supported-features.txt) and who it is (for the report).
// Every one of those can still be overridden with the suite's own flags (-gateway-class,
// -supported-features, -all-features, -conformance-profiles, -report-output, -version, ...).
//
// Built into .tools/bin/gateway-api-conformance.test by scripts/setup-conformance.sh and run against the
// project's cluster by scripts/cluster/conformance.sh (see scripts/cluster/README.md).
package gatewayapi

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/gateway-api/conformance"
	"sigs.k8s.io/gateway-api/conformance/tests"
	"sigs.k8s.io/gateway-api/conformance/utils/suite"
	"sigs.k8s.io/gateway-api/pkg/features"
)

const (
	gatewayClassName = "isobar"
	// The controllerName isobar's GatewayClass must carry: checked before the suite starts, so that a
	// class served by another controller is not tested (and reported) as isobar.
	controllerName = "isobar.io/gateway-controller"
	// Where the report goes when neither -report-output nor $CONFORMANCE_REPORT says (relative to this
	// package's directory, the working directory of `go test` and of scripts/cluster/conformance.sh).
	defaultReport = "../gateway-api-report.yaml"
	// isobar's package.json, the one place its version is written (relative to this directory).
	packageJSON = "../../../package.json"
)

// The profiles isobar is tested against. Each adds its Core features to the supported set.
var profiles = []suite.ConformanceProfileName{
	suite.GatewayHTTPConformanceProfileName,
	suite.GatewayGRPCConformanceProfileName,
	suite.GatewayTLSConformanceProfileName,
	suite.GatewayTCPConformanceProfileName,
}

//go:embed supported-features.txt
var supportedFeaturesFile string

// Tests isobar does not pass yet, by short name, each with the reason: skipped (and so reported as
// skipped, never as passed), so that every other test is a gate. The aim is an empty file.
//
//go:embed known-failures.txt
var knownFailuresFile string

func TestGatewayAPIConformance(t *testing.T) {
	opts := conformance.DefaultOptions(t) // parses the suite's flags and connects to the cluster
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if !set["gateway-class"] {
		opts.GatewayClassName = gatewayClassName
	}
	if !set["conformance-profiles"] {
		opts.ConformanceProfiles = profiles
	}
	if !set["supported-features"] && !set["all-features"] {
		opts.SupportedFeatures = parseFeatures(t, supportedFeaturesFile)
	}
	if !set["skip-tests"] {
		opts.SkipTests = parseKnownFailures(t, knownFailuresFile)
	}
	if !set["report-output"] {
		opts.ReportOutputPath = os.Getenv("CONFORMANCE_REPORT")
		if opts.ReportOutputPath == "" {
			opts.ReportOutputPath = defaultReport
		}
	}
	impl := &opts.Implementation
	if !set["organization"] {
		impl.Organization = "isobar"
	}
	if !set["project"] {
		impl.Project = "isobar"
	}
	if !set["url"] {
		impl.URL = "https://github.com/isobar-proxy/isobar"
	}
	if !set["version"] {
		impl.Version = packageVersion(t)
	}
	if !set["contact"] {
		impl.Contact = []string{"https://github.com/isobar-proxy/isobar/issues"}
	}

	checkGatewayClass(t, opts)
	conformance.RunConformanceWithOptions(t, opts)
}

// names reads one name per line ('#' comments and blank lines ignored), each checked by known; a name it
// does not know fails the run, so that a typo is not a silently skipped test.
func names(t *testing.T, file, text string, known func(string) bool, what string) []string {
	var out []string
	seen := sets.New[string]()
	sc := bufio.NewScanner(strings.NewReader(text))
	for line := 1; sc.Scan(); line++ {
		name, _, _ := strings.Cut(sc.Text(), "#")
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !known(name) {
			t.Fatalf("%s:%d: %q is not %s of this suite", file, line, name, what)
		}
		if !seen.Has(name) {
			seen.Insert(name)
			out = append(out, name)
		}
	}
	return out
}

// parseKnownFailures reads known-failures.txt: test short names, as tests.ConformanceTests has them.
func parseKnownFailures(t *testing.T, text string) []string {
	known := sets.New[string]()
	for _, ct := range tests.ConformanceTests {
		known.Insert(ct.ShortName)
	}
	return names(t, "known-failures.txt", text, known.Has, "a test")
}

// parseFeatures reads supported-features.txt: feature names as sigs.k8s.io/gateway-api/pkg/features spells them.
func parseFeatures(t *testing.T, text string) []features.FeatureName {
	known := features.SetsToNamesSet(features.AllFeatures)
	var out []features.FeatureName
	for _, name := range names(t, "supported-features.txt", text, func(n string) bool { return known.Has(features.FeatureName(n)) }, "a feature") {
		out = append(out, features.FeatureName(name))
	}
	if len(out) == 0 {
		// An empty list would make the suite infer the features from the GatewayClass status instead.
		t.Fatalf("supported-features.txt lists no feature")
	}
	return out
}

// packageVersion is isobar's version from package.json (the report must name one).
func packageVersion(t *testing.T) string {
	data, err := os.ReadFile(packageJSON)
	if err != nil {
		wd, _ := os.Getwd()
		t.Fatalf("reading isobar's version: %v (run from test/conformance/gateway-api, cwd is %s, or pass -version)", err, wd)
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil || pkg.Version == "" {
		t.Fatalf("no version in %s: %v", filepath.Clean(packageJSON), err)
	}
	return pkg.Version
}

// checkGatewayClass fails early, and says why, when the GatewayClass under test is missing or belongs to
// another controller: the suite itself only reports a failed Get or a timeout waiting for Accepted.
func checkGatewayClass(t *testing.T, opts suite.ConformanceOptions) {
	gwc := &gatewayv1.GatewayClass{}
	if err := opts.Client.Get(context.Background(), types.NamespacedName{Name: opts.GatewayClassName}, gwc); err != nil {
		t.Fatalf("GatewayClass %q: %v (the implementation under test must be deployed first: scripts/cluster/conformance-deploy.sh)", opts.GatewayClassName, err)
	}
	if opts.GatewayClassName == gatewayClassName && string(gwc.Spec.ControllerName) != controllerName {
		t.Fatalf("GatewayClass %q has controllerName %q, want %q", gwc.Name, gwc.Spec.ControllerName, controllerName)
	}
}

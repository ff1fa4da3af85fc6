package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// devVersion is the version of a build from a checkout.
const devVersion = "0.1.0-dev"

// version is the tool version recorded in every manifest. Releases set it
// with -ldflags "-X main.version=1.2.3"; it is the only mutable global.
var version = devVersion

// versionString is the tool version: the one set at link time, else the
// module version of a "go install …@vX" build, else devVersion.
func versionString() string {
	if version != devVersion {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return version
}

// versionDetails is the version followed by the Go toolchain and the gonum
// release that produced the numbers, "0.1.0-dev (go1.26.8, gonum v0.17.0)":
// a distribution's sampling may change between gonum releases.
func versionDetails() string {
	gonum := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "gonum.org/v1/gonum" {
				gonum = d.Version
				if d.Replace != nil {
					gonum = d.Replace.Version
				}
			}
		}
	}
	return fmt.Sprintf("%s (%s, gonum %s)", versionString(), runtime.Version(), gonum)
}

// VersionOptions are the inputs of peacesim version.
type VersionOptions struct {
	Stdout io.Writer
}

// newVersionCmd binds peacesim version.
func newVersionCmd() *cobra.Command {
	opts := &VersionOptions{}
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of peacesim, Go and gonum",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Stdout = cmd.OutOrStdout()
			return runVersion(cmd.Context(), opts)
		},
	}
}

// runVersion prints "peacesim VERSION (go1.x, gonum vX)".
func runVersion(_ context.Context, opts *VersionOptions) error {
	_, err := fmt.Fprintf(opts.Stdout, "peacesim %s\n", versionDetails())
	return err
}

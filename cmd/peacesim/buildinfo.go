package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// The version of peacesim that every manifest records, and the toolchain
// behind its numbers.

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

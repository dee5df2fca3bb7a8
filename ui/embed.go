// Package ui holds claimtrack's page templates and static assets, embedded so
// that the binary serves them without CDNs or files on disk.
package ui

import "embed"

// FS holds templates/*.html and static/*. It lives in its own package
// because go:embed cannot reach files outside the embedding package's folder.
//
//go:embed templates static
var FS embed.FS

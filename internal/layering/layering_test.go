// Package layering holds the test that keeps claimtrack's imports pointing
// one way (docs/architecture.md): the domain on the standard library, gorm
// only in the store, echo only in the web layer, and a store that does not
// drag in mail, templates or the fetch client.
package layering

import (
	"encoding/json"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/claimtrack/claimtrack/"

// pkg is what `go list -json` says of one package.
type pkg struct {
	ImportPath string
	Imports    []string // direct, non-test
	Deps       []string // transitive, non-test
	Standard   bool
}

// listAll reads every package of the module once.
func listAll(t *testing.T) map[string]pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps,Standard", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	all := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		all[strings.TrimPrefix(p.ImportPath, module)] = p
	}
	if _, ok := all["internal/claims"]; !ok {
		t.Fatalf("go list did not list internal/claims: %v", keys(all))
	}
	return all
}

func keys(m map[string]pkg) []string {
	return slices.Sorted(maps.Keys(m))
}

// isStd reports whether an import path is in the standard library (no dot
// in its first element).
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// domain packages import the standard library and each other, nothing else.
var domain = []string{"internal/claims", "internal/defaults", "internal/outbox", "internal/recheck/policy", "internal/secret"}

func TestLayering_TheDomainImportsOnlyTheStandardLibrary(t *testing.T) {
	all := listAll(t)
	for _, name := range domain {
		p, ok := all[name]
		if !ok {
			t.Errorf("%s is gone: update the domain list", name)
			continue
		}
		for _, imp := range p.Imports {
			if isStd(imp) || slices.Contains(domain, strings.TrimPrefix(imp, module)) {
				continue
			}
			t.Errorf("%s imports %s; the domain imports only the standard library and other domain packages", name, imp)
		}
	}
}

// TestLayering_OnlyTheStoreKnowsGormAndOnlyTheWebKnowsEcho checks direct
// imports of the two frameworks.
func TestLayering_OnlyTheStoreKnowsGormAndOnlyTheWebKnowsEcho(t *testing.T) {
	rules := []struct {
		prefix  string // of the imported path
		allowed []string
	}{
		{"gorm.io/", []string{"internal/store"}},
		{"github.com/labstack/echo", []string{"internal/web"}},
	}
	for name, p := range listAll(t) {
		for _, imp := range p.Imports {
			for _, r := range rules {
				if !strings.HasPrefix(imp, r.prefix) {
					continue
				}
				ok := slices.ContainsFunc(r.allowed, func(a string) bool { return name == a || strings.HasPrefix(name, a+"/") })
				if !ok {
					t.Errorf("%s imports %s; only %v may", name, imp, r.allowed)
				}
			}
		}
	}
}

// httpxMayImport are the module's packages the shared HTTP room may use:
// the domain's errors and types, who is asking, and the templates. It knows
// no service, so every room can lean on it.
var httpxMayImport = []string{module + "internal/claims", module + "internal/auth", module + "internal/mailview", module + "ui"}

// sharedRooms are the packages under internal/web every room may use.
var sharedRooms = []string{"httpx", "site", "openapi"}

// roomOf is the room a package under internal/web belongs to: its first
// path element (pages/desk is in pages).
func roomOf(rel string) string {
	room, _, _ := strings.Cut(rel, "/")
	return room
}

// TestLayering_WebRoomsPointInward: the rooms under internal/web (the API,
// the pages, the shared httpx and site) never import the wiring room
// internal/web, which imports them, nor each other, only the shared
// packages; httpx imports no room and no service;
// site, the addresses and structured data every room shares, knows no
// echo and no room.
func TestLayering_WebRoomsPointInward(t *testing.T) {
	for name, p := range listAll(t) {
		if !strings.HasPrefix(name, "internal/web/") {
			continue
		}
		for _, imp := range p.Imports {
			if imp == module+"internal/web" {
				t.Errorf("%s imports internal/web; the rooms are wired by it, never the other way", name)
			}
			if other, ok := strings.CutPrefix(imp, module+"internal/web/"); ok && !slices.Contains(sharedRooms, other) &&
				roomOf(other) != roomOf(strings.TrimPrefix(name, "internal/web/")) {
				t.Errorf("%s imports %s; a room uses only the shared %v and its own sub-rooms", name, imp, sharedRooms)
			}
			if imp == module+"internal/web/pages/pagetest" {
				t.Errorf("%s imports pagetest, which serves a room for its tests only", name)
			}
			if name == "internal/web/httpx" && strings.HasPrefix(imp, module) && !slices.Contains(httpxMayImport, imp) {
				t.Errorf("internal/web/httpx imports %s; it may import only %v", imp, httpxMayImport)
			}
			if name == "internal/web/site" && (strings.HasPrefix(imp, module+"internal/web") || strings.HasPrefix(imp, "github.com/labstack/echo")) {
				t.Errorf("internal/web/site imports %s; it knows no echo and no room", imp)
			}
		}
	}
}

// storeMustNotReach are packages the store must not depend on, even
// through others: it reads and writes rows; it does not send, render or
// fetch. (text/template is not listed: goose, the migration library, uses it
// for its own files.)
var storeMustNotReach = []string{
	module + "internal/mail", module + "internal/mailview", module + "ui", module + "internal/recheck/fetch",
	"github.com/wneessen/go-mail", "html/template",
}

func TestLayering_TheStoreDoesNotReachMailTemplatesOrTheFetchClient(t *testing.T) {
	all := listAll(t)
	for _, d := range all["internal/store"].Deps {
		if slices.Contains(storeMustNotReach, d) {
			t.Errorf("internal/store depends on %s (go list -deps ./internal/store); the types it stores must live "+
				"apart from whatever sends, renders or fetches", d)
		}
	}
}

// TestLayering_OnlyCommandsWireTheApp: internal/app is the wiring; nothing
// but the binaries imports it, so no package can build services its own way.
func TestLayering_OnlyCommandsWireTheApp(t *testing.T) {
	for name, p := range listAll(t) {
		if slices.Contains(p.Imports, module+"internal/app") && !strings.HasPrefix(name, "cmd/") {
			t.Errorf("%s imports internal/app; only cmd/ may", name)
		}
	}
}

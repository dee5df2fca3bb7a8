package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// fixture returns the bytes of testdata/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

// page extracts a testdata HTML fixture as served from pageURL.
func page(t testing.TB, name string) Doc {
	t.Helper()
	d, err := Page(fixture(t, name), "text/html; charset=utf-8", "https://courier.example.com/news/2026/11/dam-memo?utm_source=x")
	if err != nil {
		t.Fatalf("Page(%s): %v", name, err)
	}
	return d
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

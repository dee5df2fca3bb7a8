package claims

import "testing"

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://Example.COM/a/b?x=1#frag", "https://example.com/a/b?x=1"},
		{"HTTP://example.com", "http://example.com/"},
		{"https://example.com:443/x", "https://example.com/x"},
		{"http://example.com:80/x", "http://example.com/x"},
		{"http://example.com:8080/x", "http://example.com:8080/x"},
		{"https://example.com./x", "https://example.com/x"},
		{"  https://example.com/x  ", "https://example.com/x"},
		{"https://example.com/x?utm_source=nl&id=7&utm_medium=mail", "https://example.com/x?id=7"},
		{"https://example.com/x?", "https://example.com/x"},
		{"https://[2001:DB8::1]:8443/", "https://[2001:db8::1]:8443/"},
	}
	for _, tt := range tests {
		got, err := NormalizeURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeURL_RefusesWhatCannotBeASource(t *testing.T) {
	for _, in := range []string{
		"",
		"javascript:alert(1)",
		"JaVaScRiPt:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"ftp://example.com/file",
		"file:///etc/passwd",
		"https://user:pass@example.com/",
		"https://user@example.com/",
		"https:///path-only",
		"//example.com/x",
		"example.com/x",
		"https://exa mple.com/",
		"https://example.com/\nSet-Cookie: x",
		"https://example.com:0/",
		"https://example.com:99999/",
		"http://%zz/",
	} {
		if got, err := NormalizeURL(in); ErrorCode(err) != EINVALID {
			t.Errorf("NormalizeURL(%q) = %q, %v; want EINVALID", in, got, err)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Viral audio clip raises unverified claims": "viral-audio-clip-raises-unverified-claims",
		"  Meta's 8,000 layoffs — 10%?  ":           "meta-s-8-000-layoffs-10",
		"<script>":                                  "script",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want || !ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q (valid %v), want %q", in, got, ValidSlug(got), want)
		}
	}
}

func TestParseStanceAndOutletKind_RejectUnknown(t *testing.T) {
	if _, err := ParseStance("maybe"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseStance(maybe) err = %v, want EINVALID", err)
	}
	if _, err := ParseOutletKind("blog"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseOutletKind(blog) err = %v, want EINVALID", err)
	}
	if k, err := ParseOutletKind("wire"); err != nil || k.Label() != "Wire services" {
		t.Errorf("ParseOutletKind(wire) = %v, %v", k, err)
	}
}

func TestEventKinds_AllValidAndLabelled(t *testing.T) {
	kinds := EventKinds()
	if len(kinds) != 28 {
		t.Fatalf("%d event kinds, want the 28 of the vocabulary", len(kinds))
	}
	for _, k := range kinds {
		if !k.Valid() || k.Label() == string(k) {
			t.Errorf("event kind %q has no label", k)
		}
	}
	if EventNoteAdded.PublicByDefault() || EventWatchesChanged.PublicByDefault() || EventStatusProposed.PublicByDefault() {
		t.Error("internal notes, watch changes and proposals must not be public by default")
	}
	if EventKind("made_up").Valid() {
		t.Error("an unknown kind counts as valid")
	}
}

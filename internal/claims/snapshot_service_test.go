package claims

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func TestParseTextDiff_ReadsBackWhatStringWrites(t *testing.T) {
	tests := []TextDiff{
		{},
		{Added: []string{"Engineers found cracks in November."}},
		{Removed: []string{"The dam is safe.", "- a sentence that starts with a dash."}, Added: []string{"+ one with a plus.", "It is not."}},
	}
	for _, want := range tests {
		got := ParseTextDiff(want.String())
		if strings.Join(got.Removed, "|") != strings.Join(want.Removed, "|") || strings.Join(got.Added, "|") != strings.Join(want.Added, "|") {
			t.Errorf("ParseTextDiff(%q) = %+v, want %+v", want.String(), got, want)
		}
	}
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGunzip_RefusesDataThatIsNotGzipOrInflatesPastTheBound(t *testing.T) {
	if _, err := gunzip([]byte("plain text, not gzip"), 1<<10); err == nil {
		t.Error("plain bytes were accepted as a snapshot")
	}
	// 1 MB of zeros is a row of about 1 KB that inflates a thousandfold.
	bomb := gzipped(t, make([]byte, 1<<20))
	if _, err := gunzip(bomb, 64<<10); ErrorCode(err) != EINTERNAL {
		t.Errorf("data inflating past the bound: error %v, want internal", err)
	}
	text := "The minister said the dam was safe."
	if got, err := gunzip(gzipped(t, []byte(text)), int64(len(text))); err != nil || got != text {
		t.Errorf("gunzip of text exactly at the bound = %q, %v", got, err)
	}
}

func TestCompressText_RoundTrips(t *testing.T) {
	for _, text := range []string{"", "short", strings.Repeat("Long news text. ", 10_000), "ünïcödé ✓\n\uFFFD"} {
		z := CompressText(text)
		got, err := DecompressText(z)
		if err != nil || got != text {
			t.Errorf("round trip of %d bytes: err %v, equal %v", len(text), err, got == text)
		}
	}
	if z := CompressText(strings.Repeat("Long news text. ", 10_000)); len(z) > 2000 {
		t.Errorf("repetitive text compressed to %d bytes", len(z))
	}
}

func TestDecompressText_RejectsCorruptAndOversized(t *testing.T) {
	good := CompressText("Some text to store.")
	tests := []struct {
		name string
		data []byte
	}{
		{"not gzip", []byte("plain bytes")},
		{"empty", nil},
		{"truncated", good[:len(good)-6]},
		{"bomb", CompressText(strings.Repeat("\x00", MaxSnapshotText+1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecompressText(tt.data); err == nil {
				t.Error("DecompressText accepted it")
			}
		})
	}
}

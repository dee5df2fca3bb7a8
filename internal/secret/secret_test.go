package secret

import (
	"encoding/base64"
	"testing"
)

func TestNew_GivesDistinctURLSafeTokensOf256Bits(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := New()
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != Bytes {
			t.Fatalf("token %q: %d bytes, %v; want %d URL-safe bytes", tok, len(raw), err, Bytes)
		}
		if seen[tok] {
			t.Fatalf("token %q handed out twice", tok)
		}
		seen[tok] = true
	}
}

func TestHash_IsTheHexSHA256(t *testing.T) {
	// The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
	if got := Hash("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", got)
	}
}

package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestValidatePassword_RefusesShortCommonWeakAndOverlongPasswords(t *testing.T) {
	tests := []struct {
		name     string
		password string
		inputs   []string
		wantErr  string // part of the message; "" accepts the password
	}{
		{name: "empty", password: "", wantErr: "too short"},
		{name: "nine characters", password: "Xq7#vLp2!", wantErr: "too short"},
		{name: "common", password: "password123456", wantErr: "too easy"},
		{name: "keyboard walk", password: "qwertyuiop", wantErr: "too easy"},
		{name: "repeated", password: "aaaaaaaaaaaa", wantErr: "too easy"},
		{name: "the user's own email", password: "jane.doe@newsroom.example",
			inputs: []string{"jane.doe@newsroom.example", "Jane Doe"}, wantErr: "too easy"},
		{name: "someone else's email", password: "jane.doe@newsroom.example",
			inputs: []string{"sam@desk.example", "Sam Roe"}},
		{name: "73 bytes", password: strings.Repeat("correct horse battery staple ", 3)[:73], wantErr: "too long"},
		{name: "73 bytes of accented letters", password: strings.Repeat("é", 36) + "x", wantErr: "too long"},
		{name: "unrelated words", password: "correct horse battery staple"},
		{name: "random", password: "Xq7#vLp2!m9Z"},
		{name: "exactly 72 bytes", password: strings.Repeat("correct horse battery staple ", 3)[:72]},
		{name: "ten accented characters are ten, not twenty", password: "ŵéłćøмèŧøğ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := auth.ValidatePassword(tt.password, tt.inputs...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidatePassword(%q) = %v, want it accepted", tt.password, err)
				}
				return
			}
			var e *claims.Error
			if !errors.As(err, &e) {
				t.Fatalf("ValidatePassword(%q) = %v, want a *claims.Error", tt.password, err)
			}
			if e.Code != claims.EINVALID || e.Fields["password"] == "" {
				t.Errorf("error = %+v, want code invalid naming field password", e)
			}
			if !strings.Contains(e.Message, tt.wantErr) {
				t.Errorf("message = %q, want it to say %q", e.Message, tt.wantErr)
			}
		})
	}
}

func TestBcryptHasher_RefusesPasswordsThatMatchOnlyInTheirFirst72Bytes(t *testing.T) {
	h := auth.BcryptHasher{Cost: 4}
	password := strings.Repeat("k", 72)
	hash, err := h.Hash(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Compare(hash, password); err != nil {
		t.Fatalf("Compare with the right password = %v", err)
	}
	if err := h.Compare(hash, password+"extra"); !errors.Is(err, auth.ErrMismatch) {
		t.Errorf("Compare with a longer password sharing its first 72 bytes = %v, want ErrMismatch", err)
	}
	if err := h.Compare(hash, "something else entirely"); !errors.Is(err, auth.ErrMismatch) {
		t.Errorf("Compare with a wrong password = %v, want ErrMismatch", err)
	}
}

func TestCreateUser_RefusesPasswordsMadeOfTheSitesOwnNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{SiteWords: []string{"Harbour Gazette", "claims.harbourgazette.example"}})
		for _, pw := range []string{"claimtrack claimtrack", "harbour gazette harbour", "harbourgazette claims"} {
			_, err := f.svc.CreateUser(t.Context(), "jane@newsroom.example", "Jane", auth.RoleEditor, pw)
			if wantCode(t, err, claims.EINVALID); !strings.Contains(claims.ErrorMessage(err), "guess") {
				t.Errorf("password %q: %v, want refused as guessable", pw, err)
			}
		}
		f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
	})
}

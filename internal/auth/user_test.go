package auth_test

import (
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
)

func TestValidateEmail_AcceptsBareAddressesOnly(t *testing.T) {
	tests := []struct {
		email string
		ok    bool
	}{
		{"jane@newsroom.example", true},
		{"jane.doe+desk@newsroom.example", true},
		{"", false},
		{"jane", false},
		{"jane@localhost", false},
		{"Jane <jane@newsroom.example>", false},
		{"jane@newsroom.example\nX-Injected: yes", false},
		{"jane doe@newsroom.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			err := auth.ValidateEmail(tt.email)
			if tt.ok && err != nil {
				t.Errorf("ValidateEmail(%q) = %v, want nil", tt.email, err)
			}
			if !tt.ok && claims.ErrorCode(err) != claims.EINVALID {
				t.Errorf("ValidateEmail(%q) = %v, want invalid", tt.email, err)
			}
		})
	}
}

func TestNormalizeEmail_TrimsAndLowerCases(t *testing.T) {
	if got := auth.NormalizeEmail("  Jane.Doe@NewsRoom.Example \n"); got != "jane.doe@newsroom.example" {
		t.Errorf("NormalizeEmail = %q", got)
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in   string
		want auth.Role
		ok   bool
	}{
		{"admin", auth.RoleAdmin, true},
		{" Editor ", auth.RoleEditor, true},
		{"reader", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := auth.ParseRole(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if !tt.ok && claims.ErrorCode(err) != claims.EINVALID {
			t.Errorf("ParseRole(%q) error code = %q, want invalid", tt.in, claims.ErrorCode(err))
		}
	}
}

func TestCan_AdminsDoEverythingEditorsEditNobodyElseAnything(t *testing.T) {
	admin := &auth.User{Role: auth.RoleAdmin}
	editor := &auth.User{Role: auth.RoleEditor}
	disabledAdmin := &auth.User{Role: auth.RoleAdmin, Disabled: true}
	tests := []struct {
		name   string
		user   *auth.User
		action auth.Action
		want   bool
	}{
		{"admin edits", admin, auth.ActionEdit, true},
		{"admin manages users", admin, auth.ActionManageUsers, true},
		{"editor edits", editor, auth.ActionEdit, true},
		{"editor manages own tokens", editor, auth.ActionManageOwnTokens, true},
		{"editor cannot manage users", editor, auth.ActionManageUsers, false},
		{"anonymous cannot edit", nil, auth.ActionEdit, false},
		{"disabled admin can do nothing", disabledAdmin, auth.ActionEdit, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.Can(tt.user, tt.action); got != tt.want {
				t.Errorf("Can = %v, want %v", got, tt.want)
			}
		})
	}
	if !admin.IsAdmin() || editor.IsAdmin() || disabledAdmin.IsAdmin() || (*auth.User)(nil).IsAdmin() {
		t.Error("IsAdmin must hold for enabled admins only")
	}
}

package web

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// formError is what a form shows after a refused submission: one message
// and, per field, what to fix.
type formError = view.FormError

// loginPage is the view of the login form.
type loginPage struct {
	Meta  meta
	Email string
	Next  string
	Error *formError
	// Notice confirms what brought the reader here (a password reset).
	Notice string
}

// setupPage is the view of the first-admin form.
type setupPage struct {
	Meta  meta
	Token string
	Email string
	Name  string
	Error *formError
}

// adminUsersPage is the view of user administration.
type adminUsersPage struct {
	Meta   meta
	Bar    editorBar
	Users  []adminUserRow
	Roles  []auth.Role
	Notice string
	Error  *formError
	// Form keeps what the admin typed into the create form when it was
	// refused (never the password).
	Form struct{ Email, Name, Role string }
}

// adminUserRow is one user in the admin list.
type adminUserRow struct {
	ID       int64
	Email    string
	Name     string
	Role     auth.Role
	Disabled bool
	IsMe     bool
	Created  string
}

// adminNotices are the fixed confirmations the admin page shows after a
// change, chosen by a query parameter so no user text is reflected.
var adminNotices = map[string]string{
	"created":  "The user was created.",
	"disabled": "The user was disabled and signed out everywhere.",
	"password": "The password was changed; the user's other sessions were ended.",
}

func (s *Server) adminUsersView(users []auth.User, me *auth.User) adminUsersPage {
	p := adminUsersPage{Meta: s.meta("Users", "", ""), Roles: auth.Roles}
	// Most accounts are editors: admin is the choice made on purpose.
	p.Form.Role = string(auth.RoleEditor)
	if me != nil {
		p.Bar = editorBar{UserName: me.Name, Admin: me.IsAdmin(), Path: "/admin/users"}
	}
	for _, u := range users {
		p.Users = append(p.Users, adminUserRow{
			ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Disabled: u.Disabled,
			IsMe: me != nil && me.ID == u.ID, Created: u.CreatedAt.UTC().Format(time.DateOnly),
		})
	}
	return p
}

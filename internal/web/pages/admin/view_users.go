package admin

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// adminUsersPage is the view of user administration.
type adminUsersPage struct {
	Meta   view.Meta
	Bar    view.EditorBar
	Users  []adminUserRow
	Roles  []auth.Role
	Notice string
	Error  *view.FormError
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

func (s *Handler) adminUsersView(users []auth.User, me *auth.User) adminUsersPage {
	p := adminUsersPage{Meta: s.Meta("Users", "", ""), Roles: auth.Roles}
	// Most accounts are editors: admin is the choice made on purpose.
	p.Form.Role = string(auth.RoleEditor)
	if me != nil {
		p.Bar = view.EditorBar{UserName: me.Name, Admin: me.IsAdmin(), Path: "/admin/users"}
	}
	for _, u := range users {
		p.Users = append(p.Users, adminUserRow{
			ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Disabled: u.Disabled,
			IsMe: me != nil && me.ID == u.ID, Created: u.CreatedAt.UTC().Format(time.DateOnly),
		})
	}
	return p
}

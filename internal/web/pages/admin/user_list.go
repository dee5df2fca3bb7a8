package admin

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// UserList shows user administration: every user, a form to create
// one, and per user a disable button and a password reset form.
func (s *Handler) UserList(c echo.Context) error {
	return s.renderAdminUsers(c, http.StatusOK, adminNotices[c.QueryParam("done")], nil, nil)
}

// renderAdminUsers renders the admin page with a notice or an error; form
// refills the create form after a refused submission.
func (s *Handler) renderAdminUsers(c echo.Context, status int, notice string, ferr *view.FormError, form *struct{ Email, Name, Role string }) error {
	users, err := s.Users.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	p := s.adminUsersView(users, httpx.CurrentUser(c))
	p.Notice, p.Error = notice, ferr
	if form != nil {
		p.Form = *form
	}
	return s.RenderPage(c, status, "admin_users", p)
}

// adminFormFailure turns a domain error into what a form shows; internal errors
// come back as an error to return instead.
// adminUsersFailed shows the users page again with err as the form's error
// and a new user's input kept in form; a server error goes to the error
// page.
func (s *Handler) adminUsersFailed(c echo.Context, err error, form *struct{ Email, Name, Role string }) error {
	status, ferr, ierr := adminFormFailure(err)
	if ierr != nil {
		return ierr
	}
	return s.renderAdminUsers(c, status, "", ferr, form)
}

func adminFormFailure(err error) (int, *view.FormError, error) {
	status, ce := httpx.ErrorStatus(err)
	if status >= 500 {
		return 0, nil, err
	}
	return status, &view.FormError{Message: ce.Message, Fields: ce.Fields}, nil
}

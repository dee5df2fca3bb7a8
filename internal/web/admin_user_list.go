package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// adminUserList shows user administration: every user, a form to create
// one, and per user a disable button and a password reset form.
func (s *Server) adminUserList(c echo.Context) error {
	return s.renderAdminUsers(c, http.StatusOK, adminNotices[c.QueryParam("done")], nil, nil)
}

// renderAdminUsers renders the admin page with a notice or an error; form
// refills the create form after a refused submission.
func (s *Server) renderAdminUsers(c echo.Context, status int, notice string, ferr *formError, form *struct{ Email, Name, Role string }) error {
	users, err := s.auth.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	p := s.adminUsersView(users, httpx.CurrentUser(c))
	p.Notice, p.Error = notice, ferr
	if form != nil {
		p.Form = *form
	}
	return s.renderPage(c, status, "admin_users", p)
}

// adminFormFailure turns a domain error into what a form shows; internal errors
// come back as an error to return instead.
// adminUsersFailed shows the users page again with err as the form's error
// and a new user's input kept in form; a server error goes to the error
// page.
func (s *Server) adminUsersFailed(c echo.Context, err error, form *struct{ Email, Name, Role string }) error {
	status, ferr, ierr := adminFormFailure(err)
	if ierr != nil {
		return ierr
	}
	return s.renderAdminUsers(c, status, "", ferr, form)
}

func adminFormFailure(err error) (int, *formError, error) {
	status, ce := httpx.ErrorStatus(err)
	if status >= 500 {
		return 0, nil, err
	}
	return status, &formError{Message: ce.Message, Fields: ce.Fields}, nil
}

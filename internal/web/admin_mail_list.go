package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	ctmail "github.com/claimtrack/claimtrack/internal/mail"
)

// adminMailList serves GET /admin/mail: without an SMTP server, the mail
// claimtrack would have sent, so a new installation can see its mail work.
func (s *Server) adminMailList(c echo.Context) error {
	p := adminMailPage{Meta: s.meta("Mail", "", ""), Bar: editorBarOf(c), Dir: s.mailDir}
	if s.mailDir != "" {
		entries, err := ctmail.List(s.mailDir, 0)
		if err != nil {
			return err
		}
		p.Messages = newAdminMailRows(entries)
	}
	return s.renderEditor(c, http.StatusOK, "admin_mail", p)
}

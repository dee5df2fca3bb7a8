package admin

import (
	"net/http"

	"github.com/labstack/echo/v4"

	ctmail "github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// MailList serves GET /admin/mail: without an SMTP server, the mail
// claimtrack would have sent, so a new installation can see its mail work.
func (s *Handler) MailList(c echo.Context) error {
	p := adminMailPage{Meta: s.Meta("Mail", "", ""), Bar: view.EditorBarOf(c), Dir: s.MailDir}
	if s.MailDir != "" {
		entries, err := ctmail.List(s.MailDir, 0)
		if err != nil {
			return err
		}
		p.Messages = newAdminMailRows(entries)
	}
	return s.RenderEditor(c, http.StatusOK, "admin_mail", p)
}

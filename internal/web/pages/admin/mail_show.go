package admin

import (
	"errors"
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/claimtrack/claimtrack/internal/claims"
	ctmail "github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// MailShow serves GET /admin/mail/{name}: one written message.
func (s *Handler) MailShow(c echo.Context) error {
	name := c.Param("name")
	if s.MailDir == "" {
		return claims.Errorf(claims.ENOTFOUND, "mail goes through an SMTP server; no copies are kept here")
	}
	raw, err := ctmail.Read(s.MailDir, name)
	switch {
	case errors.Is(err, ctmail.ErrInvalidName), errors.Is(err, fs.ErrNotExist):
		return claims.Errorf(claims.ENOTFOUND, "there is no message %q", name)
	case err != nil:
		return err
	}
	headers, text := readMail(raw)
	p := adminMailMessagePage{Meta: s.Meta("Mail: "+name, "", ""), Bar: view.EditorBarOf(c), Name: name, Subject: name,
		Headers: headers, Text: text, Raw: string(raw)}
	for _, h := range headers {
		if h.Name == "Subject" {
			p.Subject = h.Value
			p.Meta = s.Meta("Mail: "+h.Value, "", "")
		}
	}
	return s.RenderEditor(c, http.StatusOK, "admin_mail_message", p)
}

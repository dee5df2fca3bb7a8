package web

import (
	"errors"
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/claimtrack/claimtrack/internal/claims"
	ctmail "github.com/claimtrack/claimtrack/internal/mail"
)

// adminMailShow serves GET /admin/mail/{name}: one written message.
func (s *Server) adminMailShow(c echo.Context) error {
	name := c.Param("name")
	if s.mailDir == "" {
		return claims.Errorf(claims.ENOTFOUND, "mail goes through an SMTP server; no copies are kept here")
	}
	raw, err := ctmail.Read(s.mailDir, name)
	switch {
	case errors.Is(err, ctmail.ErrInvalidName), errors.Is(err, fs.ErrNotExist):
		return claims.Errorf(claims.ENOTFOUND, "there is no message %q", name)
	case err != nil:
		return err
	}
	headers, text := readMail(raw)
	p := adminMailMessagePage{Meta: s.meta("Mail: "+name, "", ""), Bar: editorBarOf(c), Name: name, Subject: name,
		Headers: headers, Text: text, Raw: string(raw)}
	for _, h := range headers {
		if h.Name == "Subject" {
			p.Subject = h.Value
			p.Meta = s.meta("Mail: "+h.Value, "", "")
		}
	}
	return s.renderEditor(c, http.StatusOK, "admin_mail_message", p)
}

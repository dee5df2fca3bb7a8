package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// renderPage renders and sends an uncached page.
func (s *Server) renderPage(c echo.Context, status int, name string, data any) error {
	return s.chrome.RenderPage(c, status, name, data)
}

// errorPage is the view of an error page.
type errorPage struct {
	Meta      view.Meta
	Status    int
	Heading   string
	Message   string
	RequestID string
}

var errorHeadings = map[int]string{
	http.StatusNotFound:            "We could not find that page",
	http.StatusBadRequest:          "We could not read that address",
	http.StatusInternalServerError: "Something went wrong on our side",
}

// renderError sends the HTML error page; if even that fails, plain text.
func (s *Server) renderError(c echo.Context, status int, message string) error {
	heading, ok := errorHeadings[status]
	if !ok {
		heading = http.StatusText(status)
	}
	if status == http.StatusNotFound {
		message = "The story or claim you asked for does not exist, or is not published."
	}
	p := errorPage{Meta: s.chrome.Meta(heading, "", ""), Status: status, Heading: heading, Message: message, RequestID: httpx.RequestIDOf(c)}
	if err := s.renderPage(c, status, "error", p); err != nil {
		s.logger(c).Error("render error page", "error", err.Error())
		return c.String(status, message+" (request id "+p.RequestID+")")
	}
	return nil
}

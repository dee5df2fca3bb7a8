package web

import (
	"crypto/rand"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// confirmMailData is what the subscription_confirm mail templates get.
type confirmMailData struct {
	// Subject and Brand feed the branded frame every HTML mail shares.
	Subject string
	Brand   alerts.Brand
	// What is "a claim in the story" or "the claim"; Name the story's title
	// or the claim's text.
	What      string
	Name      string
	Story     string
	Link      string
	ManageURL string
	PageURL   string
	Expires   string
}

// confirmMessage is the mail carrying a confirmation link. The subject
// holds the followed text; the mail package turns any CR/LF in it into
// spaces, so a claim cannot add a header.
func (s *Server) confirmMessage(conf *alerts.Confirmation) (mail.Message, error) {
	t := view.NewTarget(conf.Target)
	d := confirmMailData{What: "a claim in the story", Name: t.Name(), Story: t.Story, Link: s.site.Abs(site.ConfirmPath(conf.Token)),
		ManageURL: s.site.Abs(site.ManagePath(conf.ManageToken)), PageURL: s.site.Abs(t.StoryURL),
		Expires: conf.Expires.UTC().Format("2 January 2006, 15:04 MST")}
	if t.Claim != "" {
		d.What, d.PageURL = "the claim", s.site.Abs(t.ClaimURL)
	}
	d.Subject = "Confirm: alerts about " + view.Truncate(t.Name(), 120)
	d.Brand = alerts.Brand{Org: s.organization, URL: s.site.Abs("/")}
	text, html, err := s.views.RenderMail("subscription_confirm", d)
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{
		To:        conf.Email,
		Subject:   d.Subject,
		Text:      text,
		HTML:      html,
		MessageID: "confirm-" + rand.Text(),
		// RFC 3834: sent by a machine, so autoresponders leave it alone.
		Headers: map[string]string{"Auto-Submitted": "auto-generated"},
	}, nil
}

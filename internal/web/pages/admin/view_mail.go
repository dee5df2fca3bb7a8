package admin

import (
	"net/url"

	ctmail "github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// adminMailPage is the view of /admin/mail: the mail claimtrack wrote to
// files instead of sending, newest first.
type adminMailPage struct {
	Meta view.Meta
	Bar  view.EditorBar
	// Dir is where the files are; empty when an SMTP server takes the mail.
	Dir      string
	Messages []adminMailRow
}

type adminMailRow struct {
	URL     string
	When    string
	To      string
	Subject string
}

// adminMailMessagePage shows one written message as a mail client would:
// its main headers and its plain-text part, with the raw file below.
type adminMailMessagePage struct {
	Meta view.Meta
	Bar  view.EditorBar
	Name string
	// Subject heads the page; the file name when the message has none.
	Subject string
	Headers []adminMailHeader
	Text    string
	Raw     string
}

type adminMailHeader struct{ Name, Value string }

func adminMailURL(name string) string { return "/admin/mail/" + url.PathEscape(name) }

func newAdminMailRows(entries []ctmail.Entry) []adminMailRow {
	rows := make([]adminMailRow, 0, len(entries))
	for _, e := range entries {
		rows = append(rows, adminMailRow{URL: adminMailURL(e.Name), When: view.DateTime(e.Time), To: e.To, Subject: e.Subject})
	}
	return rows
}

// shownHeaders are the headers an admin checks a message by.
var shownHeaders = []string{"Date", "From", "To", "Subject", "Message-Id", "List-Unsubscribe", "List-Unsubscribe-Post"}

// readMail decodes a written message for reading. A file it cannot parse
// is shown raw only.
func readMail(raw []byte) ([]adminMailHeader, string) {
	msg, err := ctmail.Decode(raw)
	if err != nil {
		return nil, ""
	}
	var headers []adminMailHeader
	for _, name := range shownHeaders {
		if v := msg.Get(name); v != "" {
			headers = append(headers, adminMailHeader{Name: name, Value: v})
		}
	}
	return headers, msg.Text
}

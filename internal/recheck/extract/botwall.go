package extract

import (
	"bytes"
	"net/http"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// BotWallScan is how much of a body BotWall looks at. Challenge pages are
// small (a few KB of script and a sentence or two); an article long enough
// to run past this is not one.
const BotWallScan = 64 << 10

// maxWallWords is the most visible words a challenge page has. Every body
// marker below only counts on pages this short, so a long article that
// reports on Cloudflare, captchas or "Press & Hold" walls stays an article.
const maxWallWords = 300

// captchaOnlyWords is the fewest visible words an ordinary page with a
// captcha widget (a petition, a contact form) has: below it the captcha is
// the page.
const captchaOnlyWords = 40

// wallMarkup are fragments of markup that only challenge and block pages
// carry: Cloudflare's challenge platform, DataDome's captcha host,
// PerimeterX's captcha element, Akamai's error reference host and
// Imperva's incident resource. Scripts that run on every protected page
// (PerimeterX's _pxAppId, DataDome's tags) are deliberately absent.
var wallMarkup = []string{
	"_cf_chl_opt", "cf-chl-", "/cdn-cgi/challenge-platform/", "cf-browser-verification", "cf-error-details",
	"captcha-delivery.com",
	"px-captcha",
	"errors.edgesuite.net",
	"_incapsula_resource", "incapsula incident id",
}

// wallPhrases are sentences that challenge and block pages show to people.
var wallPhrases = []string{
	"checking your browser before accessing",
	"checking if the site connection is secure",
	"enable javascript and cookies to continue",
	"verify you are human", "verifying you are human",
	"please enable js and disable any ad blocker",
	"press & hold",
	"access to this page has been denied",
	"our systems have detected unusual traffic",
	"sorry, you have been blocked",
	"request unsuccessful. incapsula incident",
	"sucuri website firewall",
}

// wallTitles are whole page titles of challenge and block pages.
var wallTitles = []string{
	"just a moment...", "just a moment…", "attention required! | cloudflare", "access denied",
	"access to this page has been denied", "access to this page has been denied.", "robot or human?",
	"are you a robot?", "human verification", "security check", "ddos-guard", "pardon our interruption",
}

// humanCheckPhrases ask the visitor to prove they are a person; with a
// captcha widget they make a page a captcha interstitial.
var humanCheckPhrases = []string{
	"not a robot", "are you a robot", "are you human", "confirm you are human", "prove you are human",
	"security check", "unusual traffic", "human verification", "verify you are a human",
}

// captchaWidgets are the embeds of hCaptcha, reCAPTCHA and Turnstile.
var captchaWidgets = []string{
	"h-captcha", "g-recaptcha", "hcaptcha.com/1/api.js", "google.com/recaptcha/api.js",
	"challenges.cloudflare.com/turnstile",
}

// BotWall reports whether a response is a challenge or bot wall (Cloudflare,
// Akamai, DataDome, PerimeterX, Imperva, a captcha interstitial) rather
// than the page asked for, whatever its status code: walls are served with
// 200, 403, 429 and 503 alike. A wall never proves that a page has gone.
// It looks at the first BotWallScan bytes of the body only.
func BotWall(statusCode int, header http.Header, body []byte) bool {
	if strings.EqualFold(strings.TrimSpace(header.Get("Cf-Mitigated")), "challenge") {
		return true
	}
	if len(body) > BotWallScan {
		body = body[:BotWallScan]
	}
	p := scanWall(body)
	if p.words > maxWallWords {
		return false
	}
	raw := bytes.ToLower(body)
	if containsAny(string(raw), wallMarkup) || containsAny(p.text, wallPhrases) {
		return true
	}
	for _, t := range wallTitles {
		if p.title == t {
			return true
		}
	}
	// Akamai's block page: "Access Denied. You don't have permission to
	// access ... Reference #18.2f1e..."
	if strings.Contains(p.text, "access denied") && strings.Contains(p.text, "reference #") {
		return true
	}
	if !containsAny(string(raw), captchaWidgets) {
		return false
	}
	switch statusCode {
	case http.StatusForbidden, http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true
	}
	return p.words < captchaOnlyWords || containsAny(p.text, humanCheckPhrases) || containsAny(p.title, humanCheckPhrases)
}

// wallPage is what BotWall reads of a page: its title and visible text,
// lower-cased with spaces collapsed, and how many words the text has.
type wallPage struct {
	title string
	text  string
	words int
}

// scanWall tokenises the page once, keeping the title and the text outside
// scripts and styles. Text in <noscript> counts: challenge pages put their
// "enable JavaScript" sentence there. It stops as soon as the page has more
// words than a wall, so an article costs a few paragraphs of parsing.
func scanWall(body []byte) wallPage {
	z := html.NewTokenizer(bytes.NewReader(body))
	var title, text strings.Builder
	var skip, inTitle bool
	words := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			t := strings.Join(strings.Fields(strings.ToLower(text.String())), " ")
			return wallPage{
				title: strings.Join(strings.Fields(strings.ToLower(title.String())), " "),
				text:  t, words: len(strings.Fields(t)),
			}
		case html.StartTagToken, html.EndTagToken:
			// A start tag opens what its end tag closes.
			open := tt == html.StartTagToken
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Script, atom.Style, atom.Template, atom.Svg:
				skip = open
			case atom.Title:
				inTitle = open
			}
		case html.TextToken:
			switch {
			case inTitle:
				title.Write(z.Text())
			case !skip:
				t := z.Text()
				if words += len(bytes.Fields(t)); words > maxWallWords {
					return wallPage{words: words}
				}
				text.Write(t)
				text.WriteByte(' ')
			}
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

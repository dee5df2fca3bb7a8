package extract

import (
	"net/http"
	"strings"
	"testing"
)

func TestBotWall_RecognisesChallengeAndBlockPagesWhateverTheStatus(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		status  int
	}{
		{"Cloudflare managed challenge", "botwall_cloudflare_challenge.html", http.StatusForbidden},
		{"Cloudflare challenge served with 200", "botwall_cloudflare_challenge.html", http.StatusOK},
		{"Cloudflare challenge served with 503", "botwall_cloudflare_challenge.html", http.StatusServiceUnavailable},
		{"Cloudflare firewall block", "botwall_cloudflare_blocked.html", http.StatusForbidden},
		{"Akamai Access Denied with a reference", "botwall_akamai.html", http.StatusForbidden},
		{"Akamai block served with 200", "botwall_akamai.html", http.StatusOK},
		{"DataDome interstitial", "botwall_datadome.html", http.StatusForbidden},
		{"DataDome interstitial served with 200", "botwall_datadome.html", http.StatusOK},
		{"PerimeterX Press & Hold", "botwall_perimeterx.html", http.StatusForbidden},
		{"hCaptcha gate that is the whole page", "botwall_hcaptcha.html", http.StatusOK},
		{"reCAPTCHA unusual-traffic page", "botwall_recaptcha_unusual_traffic.html", http.StatusOK},
		{"reCAPTCHA unusual-traffic page as 429", "botwall_recaptcha_unusual_traffic.html", http.StatusTooManyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !BotWall(tt.status, http.Header{}, fixture(t, tt.fixture)) {
				t.Errorf("BotWall(%d, %s) = false, want true", tt.status, tt.fixture)
			}
		})
	}
}

func TestBotWall_CloudflareMitigatedHeaderIsAChallengeEvenWithAnEmptyBody(t *testing.T) {
	h := http.Header{}
	h.Set("Cf-Mitigated", "challenge")
	if !BotWall(http.StatusForbidden, h, nil) {
		t.Error("cf-mitigated: challenge with no body is not recognised")
	}
}

func TestBotWall_LeavesArticlesAndOrdinaryPagesAlone(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		status  int
	}{
		// A 459-word report that quotes "Just a moment...", "verify you are
		// human", "Press & Hold", "Access Denied ... Reference #", the
		// DataDome sentence and names every vendor, on a site that loads
		// PerimeterX's script on every page.
		{"long article about bot walls", "botwall_article_about_walls.html", http.StatusOK},
		{"long article about bot walls, 403", "botwall_article_about_walls.html", http.StatusForbidden},
		{"contact form with a reCAPTCHA widget", "botwall_contact_form.html", http.StatusOK},
		{"news article", "article.html", http.StatusOK},
		{"petition page", "petition_1432.html", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if BotWall(tt.status, http.Header{}, fixture(t, tt.fixture)) {
				t.Errorf("BotWall(%d, %s) = true, want false", tt.status, tt.fixture)
			}
		})
	}
}

func TestBotWall_OtherCfMitigatedValuesAreNotChallenges(t *testing.T) {
	h := http.Header{}
	h.Set("Cf-Mitigated", "none")
	if BotWall(http.StatusOK, h, fixture(t, "article.html")) {
		t.Error("an article with cf-mitigated: none was taken for a wall")
	}
}

func TestBotWall_LooksOnlyAtTheFirst64KB(t *testing.T) {
	wall := fixture(t, "botwall_akamai.html")
	// Challenge markup after 64 KB of article text is outside the scan: the
	// page counts as the article it starts with.
	long := "<html><body><article><p>" + strings.Repeat("The minister said the dam was safe. ", 2000) + "</p></article>" + string(wall)
	if len(long) <= BotWallScan {
		t.Fatalf("test page is only %d bytes", len(long))
	}
	if BotWall(http.StatusOK, http.Header{}, []byte(long)) {
		t.Error("a wall past the first 64 KB was looked at")
	}
	// The scan bound holds for huge bodies: a wall at the start of a
	// multi-megabyte body is still found.
	huge := append(append([]byte{}, wall...), make([]byte, 8<<20)...)
	if !BotWall(http.StatusForbidden, http.Header{}, huge) {
		t.Error("a wall followed by 8 MB of padding was missed")
	}
}

func TestBotWall_ShortNewsItemNamingCloudflareAndCaptchasIsNoWall(t *testing.T) {
	brief := `<html><head><title>Outage hits news sites</title></head><body><article>
<h1>Outage hits news sites</h1>
<p>A fault at Cloudflare took dozens of news sites offline for an hour on Tuesday. Some readers saw captcha
checks instead of articles; the company said a configuration change was to blame and has been reversed.</p>
</article></body></html>`
	if BotWall(http.StatusOK, http.Header{}, []byte(brief)) {
		t.Error("a short news item about Cloudflare and captchas was taken for a wall")
	}
}

func BenchmarkBotWall(b *testing.B) {
	for _, name := range []string{"botwall_cloudflare_challenge.html", "botwall_article_about_walls.html"} {
		body := fixture(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				BotWall(http.StatusOK, http.Header{}, body)
			}
		})
	}
	long := []byte("<html><body><article><p>" + strings.Repeat("The minister said the dam was safe. ", 200000) + "</p></article></body></html>")
	b.Run("7MB article", func(b *testing.B) {
		for b.Loop() {
			BotWall(http.StatusOK, http.Header{}, long)
		}
	})
}

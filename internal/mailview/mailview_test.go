package mailview_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/claimtrack/claimtrack/internal/mailview"
)

func TestNew_LoadsEveryMailOfTheBinaryByGlob(t *testing.T) {
	v, err := mailview.New()
	if err != nil {
		t.Fatal(err)
	}
	names := v.Names()
	for _, want := range []string{"alert", "alert_digest", "password_reset"} {
		if !slices.Contains(names, want) {
			t.Errorf("mails %v lack %q", names, want)
		}
	}
}

func TestLoad_PicksUpANewPairAndRendersItsBodies(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/mail/welcome.txt":  {Data: []byte("Hello {{.Name}}")},
		"templates/mail/welcome.html": {Data: []byte("<p>Hello {{.Name}}</p>")},
	}
	v, err := mailview.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	text, html, err := v.Render("welcome", struct{ Name string }{"<Ann & Bob>"})
	if err != nil {
		t.Fatal(err)
	}
	if text != "Hello <Ann & Bob>" {
		t.Errorf("text = %q: plain text shows the name as written", text)
	}
	if html != "<p>Hello &lt;Ann &amp; Bob&gt;</p>" {
		t.Errorf("html = %q: the HTML body must escape it", html)
	}
	if _, _, err := v.Render("missing", nil); err == nil {
		t.Error("rendering an unknown mail succeeded")
	}
}

func TestLoad_RefusesABodyWithoutItsTwin(t *testing.T) {
	for _, file := range []string{"templates/mail/lonely.txt", "templates/mail/lonely.html"} {
		_, err := mailview.Load(fstest.MapFS{file: {Data: []byte("Hi")}})
		if err == nil || !strings.Contains(err.Error(), "lonely") {
			t.Errorf("%s alone: error %v, want one naming the mail", file, err)
		}
	}
}

func TestLoad_ReportsABrokenTemplate(t *testing.T) {
	_, err := mailview.Load(fstest.MapFS{
		"templates/mail/bad.txt":  {Data: []byte("{{.Name")},
		"templates/mail/bad.html": {Data: []byte("ok")},
	})
	if err == nil {
		t.Error("a template that does not parse loaded")
	}
}

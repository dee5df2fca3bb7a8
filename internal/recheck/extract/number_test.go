package extract

import (
	"math"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"1432", 1432}, {"1,432", 1432}, {"1.611", 1611}, {"1,234,567", 1234567}, {"1.234.567", 1234567},
		{"10.5", 10.5}, {"1,5", 1.5}, {"1,234.56", 1234.56}, {"1.234,56", 1234.56},
		{"12\u00a0345", 12345}, {"1'234'567", 1234567}, {"8k", 8000}, {"8K", 8000}, {"1.2M", 1.2e6},
		{"3 million", 3e6}, {"2bn", 2e9}, {"-4", -4}, {"−2.5", -2.5}, {" 7 ", 7},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseNumber_Rejects(t *testing.T) {
	for _, in := range []string{"", "abc", "1,23,4", "1.2.34", "NaN", "Inf", "1e9", "0x10", "--1"} {
		if v, err := ParseNumber(in); claims.ErrorCode(err) != claims.EINVALID {
			t.Errorf("ParseNumber(%q) = %v, %v; want EINVALID", in, v, err)
		}
	}
}

func TestReadNumber_PetitionCountCrossesThreshold(t *testing.T) {
	cmp, err := ParseComparison(">= 1500")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, fixture, pattern, selector string
		want                             float64
		wantRaw                          string
		holds                            bool
	}{
		{"regex on page text before", "petition_1432.html", `([\d,.]+) signatures`, "", 1432, "1,432", false},
		{"regex on page text after", "petition_1611.html", `([\d,.]+) signatures`, "", 1611, "1,611", true},
		{"selector before", "petition_1432.html", `\d[\d,]*`, ".signature-count strong", 1432, "1,432", false},
		{"selector after", "petition_1611.html", `\d[\d,]*`, ".signature-count strong", 1611, "1,611", true},
		{"whole match without group, number inside", "petition_1611.html", `[\d,]+ signatures`, "", 1611, "1,611", true},
		{"regex on main text", "petition_1432.html", `walking distance for ([\d,]+) families`, "", 4000, "4,000", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := page(t, tt.fixture)
			v, raw, err := ReadNumber(d, tt.pattern, tt.selector)
			if err != nil {
				t.Fatalf("ReadNumber: %v", err)
			}
			if v != tt.want || raw != tt.wantRaw {
				t.Errorf("ReadNumber = %v %q, want %v %q", v, raw, tt.want, tt.wantRaw)
			}
			if got := cmp.Holds(v); got != tt.holds {
				t.Errorf("%s holds for %v = %v, want %v", cmp, v, got, tt.holds)
			}
		})
	}
}

func TestReadNumber_Errors(t *testing.T) {
	html := page(t, "petition_1432.html")
	text, _ := Page([]byte("Count: 12"), "text/plain", "")
	long := make([]byte, maxPattern+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name              string
		d                 Doc
		pattern, selector string
		code              string
	}{
		{"bad regex", html, `([\d`, "", claims.EINVALID},
		{"bad selector", html, `\d+`, "div[", claims.EINVALID},
		{"selector on plain text", text, `\d+`, "p", claims.EINVALID},
		{"pattern too long", html, string(long), "", claims.EINVALID},
		{"no match", html, `(\d+) votes`, "", claims.ENOTFOUND},
		{"selector matches nothing", html, `\d+`, ".nope", claims.ENOTFOUND},
		{"match without a number", html, `(Keep) the`, "", claims.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadNumber(tt.d, tt.pattern, tt.selector)
			if got := claims.ErrorCode(err); got != tt.code {
				t.Errorf("error code = %q (%v), want %q", got, err, tt.code)
			}
		})
	}
}

func TestReadNumber_PlainTextPage(t *testing.T) {
	d, _ := Page([]byte("Signatures so far: 8.2k\n"), "text/plain", "")
	v, raw, err := ReadNumber(d, `so far: (\S+)`, "")
	if err != nil || v != 8200 || raw != "8.2k" {
		t.Errorf("ReadNumber = %v %q %v, want 8200 \"8.2k\"", v, raw, err)
	}
}

func TestParseComparison(t *testing.T) {
	tests := []struct {
		in     string
		want   Comparison
		errors bool
	}{
		{">= 1500", Comparison{">=", 1500}, false},
		{">1,500", Comparison{">", 1500}, false},
		{"<= 10.5", Comparison{"<=", 10.5}, false},
		{"< 3", Comparison{"<", 3}, false},
		{"== 7", Comparison{"==", 7}, false},
		{"= 7", Comparison{"==", 7}, false},
		{"!= 0", Comparison{"!=", 0}, false},
		{"≥ 2k", Comparison{">=", 2000}, false},
		{"1500", Comparison{}, true},
		{">= lots", Comparison{}, true},
		{"=> 5", Comparison{}, true},
		{"", Comparison{}, true},
	}
	for _, tt := range tests {
		got, err := ParseComparison(tt.in)
		if (err != nil) != tt.errors || got != tt.want {
			t.Errorf("ParseComparison(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.errors)
		}
		if err != nil && claims.ErrorCode(err) != claims.EINVALID {
			t.Errorf("ParseComparison(%q) error code %q, want EINVALID", tt.in, claims.ErrorCode(err))
		}
	}
}

func TestComparison_Holds(t *testing.T) {
	tests := []struct {
		c    string
		v    float64
		want bool
	}{
		{">= 1500", 1499, false}, {">= 1500", 1500, true}, {"> 1500", 1500, false}, {"> 1500", 1501, true},
		{"<= 3", 3, true}, {"< 3", 3, false}, {"== 2", 2, true}, {"== 2", 2.5, false},
		{"!= 2", 3, true}, {"!= 2", math.NaN(), false}, {">= 0", math.NaN(), false},
	}
	for _, tt := range tests {
		c, err := ParseComparison(tt.c)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Holds(tt.v); got != tt.want {
			t.Errorf("%q.Holds(%v) = %v, want %v", tt.c, tt.v, got, tt.want)
		}
		if back, err := ParseComparison(c.String()); err != nil || back != c {
			t.Errorf("String %q does not parse back: %+v %v", c.String(), back, err)
		}
	}
}

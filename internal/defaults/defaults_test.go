package defaults

import (
	"testing"
	"time"
)

type options struct {
	Timeout time.Duration
	Limit   int
	Ratio   float64
	Name    string
	Hook    func() string
	Flag    bool
	Words   []string
	Nested  struct{ A, B int }
	// unexported fields are the type's own business.
	hidden int
}

func hook() string { return "default hook" }

func defaultOptions() options {
	return options{Timeout: time.Minute, Limit: 10, Ratio: 0.5, Name: "claimtrack", Hook: hook,
		Nested: struct{ A, B int }{1, 2}, hidden: 7}
}

func TestFill_UnsetFieldsTakeTheDefault(t *testing.T) {
	var o options
	Fill(&o, defaultOptions())
	if o.Timeout != time.Minute || o.Limit != 10 || o.Ratio != 0.5 || o.Name != "claimtrack" || o.Hook == nil ||
		o.Hook() != "default hook" || o.Nested.A != 1 || o.Nested.B != 2 {
		t.Errorf("unset fields were not filled: %+v", o)
	}
	if o.Flag || o.Words != nil || o.hidden != 0 {
		t.Errorf("fields without a default, or unexported, changed: %+v", o)
	}
}

func TestFill_NegativeNumbersAreUnset(t *testing.T) {
	o := options{Timeout: -time.Second, Limit: -1, Ratio: -0.1}
	Fill(&o, defaultOptions())
	if o.Timeout != time.Minute || o.Limit != 10 || o.Ratio != 0.5 {
		t.Errorf("negative numbers kept: %+v", o)
	}
}

func TestFill_SetFieldsAreKept(t *testing.T) {
	mine := func() string { return "mine" }
	o := options{Timeout: time.Second, Limit: 3, Ratio: 2, Name: "desk", Hook: mine, Flag: true,
		Words: []string{"a"}, Nested: struct{ A, B int }{0, 5}}
	Fill(&o, defaultOptions())
	if o.Timeout != time.Second || o.Limit != 3 || o.Ratio != 2 || o.Name != "desk" || o.Hook() != "mine" ||
		!o.Flag || len(o.Words) != 1 || o.Nested.A != 0 || o.Nested.B != 5 {
		t.Errorf("set fields changed: %+v", o)
	}
}

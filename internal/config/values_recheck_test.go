package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse_RecheckSettingsAreRead(t *testing.T) {
	c, err := Parse(nil, envOf(map[string]string{
		"CLAIMTRACK_RECHECK": "off", "CLAIMTRACK_RECHECK_SCHEDULE": "*/5 * * * *",
		"CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true", "CLAIMTRACK_SOURCE_PORTS": "8080, 8443",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Recheck || c.RecheckSchedule != "*/5 * * * *" || !c.AllowPrivateSources || !reflect.DeepEqual(c.SourcePorts, []int{8080, 8443}) {
		t.Fatalf("config = %+v", c)
	}
}

func TestParse_RefusesBadRecheckSettingsNamingThem(t *testing.T) {
	tests := []struct{ env, value string }{
		{"CLAIMTRACK_RECHECK_SCHEDULE", "every minute"},
		{"CLAIMTRACK_RECHECK_SCHEDULE", "61 * * * *"},
		{"CLAIMTRACK_SOURCE_PORTS", "80,http"},
		{"CLAIMTRACK_SOURCE_PORTS", "70000"},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			_, err := Parse(nil, envOf(map[string]string{tt.env: tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.env) {
				t.Fatalf("error = %v, want one naming %s", err, tt.env)
			}
		})
	}
}

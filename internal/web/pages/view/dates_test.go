package view

import (
	"testing"
	"time"
)

func TestRelTime_SaysHowLongAgoAsReadersSayIt(t *testing.T) {
	now := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		ago  time.Duration
		want string
	}{
		{10 * time.Second, "just now"},
		{-time.Minute, "just now"},
		{time.Minute, "1 minute ago"},
		{12 * time.Minute, "12 minutes ago"},
		{3 * time.Hour, "3 hours ago"},
		{49 * time.Hour, "2 days ago"},
		{30 * 24 * time.Hour, "Oct 21, 2025"},
	}
	for _, tc := range cases {
		if got := RelTime(now, now.Add(-tc.ago)); got != tc.want {
			t.Errorf("RelTime(%v ago) = %q, want %q", tc.ago, got, tc.want)
		}
	}
}

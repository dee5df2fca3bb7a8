package view

import (
	"strconv"
	"time"
)

// RelTime says how long ago t was, as readers say it.
func RelTime(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return Plural(int(d/time.Minute), "minute") + " ago"
	case d < 24*time.Hour:
		return Plural(int(d/time.Hour), "hour") + " ago"
	case d < 7*24*time.Hour:
		return Plural(int(d/(24*time.Hour)), "day") + " ago"
	}
	return LongDate(t)
}

// Plural is n with its unit, plural unless n is 1: "1 source",
// "1,234 sources".
func Plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return Count(n) + " " + unit + "s"
}

// Count writes n as readers read numbers, its thousands grouped: 9,977.
// Every count a page shows goes through it (or Plural).
func Count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ShortDate leaves out the year when it is the current one.
func ShortDate(now, t time.Time) string {
	t = t.UTC()
	if t.Year() == now.UTC().Year() {
		return t.Format("Jan 2")
	}
	return t.Format("Jan 2, 2006")
}

// LongDate is t as a date, in UTC.
func LongDate(t time.Time) string { return t.UTC().Format("Jan 2, 2006") }

// DateTime is t to the minute, in UTC.
func DateTime(t time.Time) string { return t.UTC().Format("Jan 2, 2006, 15:04 UTC") }

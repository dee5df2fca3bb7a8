package config

import (
	"fmt"
	"io"
	"strings"
)

// WriteHelp writes every setting, its flag, environment variable, default
// and description, as the command-line help shows them.
func WriteHelp(w io.Writer) {
	fmt.Fprintln(w, "Settings (a flag overrides its environment variable, which overrides the default).")
	fmt.Fprintln(w, "Booleans accept true/false, 1/0 and on/off; durations look like 15s or 2m.")
	for _, s := range Settings() {
		fmt.Fprintf(w, "\n  %s %s\n", s.Flag(), s.Kind())
		fmt.Fprintf(w, "      env %s, default %s\n", s.Env(), defaultOrNone(s.DefaultText()))
		fmt.Fprintf(w, "      %s\n", s.Description)
	}
}

// MarkdownTable returns the settings as the Markdown table the README shows
// between its <!-- settings:start --> and <!-- settings:end --> markers.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Environment variable | Flag | Default | Description |\n")
	b.WriteString("| --- | --- | --- | --- |\n")
	for _, s := range Settings() {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", s.Env(), s.Flag(), code(s.DefaultText()),
			strings.ReplaceAll(s.Description, "|", `\|`))
	}
	return b.String()
}

func defaultOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func code(s string) string {
	if s == "" {
		return "(none)"
	}
	return "`" + s + "`"
}

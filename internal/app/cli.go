package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/claimtrack/claimtrack/internal/config"
)

// cliSpec describes one command line: its name, the arguments it takes, its
// own flags and the settings it reads. Each command parses its line with a
// flag set of its own, so --help lists what that command takes and a flag
// meant for another command is refused by name.
type cliSpec struct {
	name    string // as typed after "claimtrack", e.g. "user add"
	args    string // the positional arguments in the usage line, e.g. "FILE…"
	summary string
	flags   []cliFlag
	// settings names the settings (by flag name) the command reads; nil
	// means all of them, as serve reads.
	settings []string
}

// cliFlag is one of a command's own flags. A flag with no arg is a boolean.
type cliFlag struct {
	name, arg, usage string
}

// settingsDB are the settings every command that opens the database reads.
var settingsDB = []string{"database", "log-level", "log-format"}

// cliLine is a parsed command line.
type cliLine struct {
	cfg   config.Config
	flags map[string]string // own flags given; a boolean's value is "true"
	args  []string          // positional arguments, in order
}

// parseCLI parses args for spec. On --help it writes the command's usage to
// env.Stdout and returns flag.ErrHelp, which quietHelp turns into success.
func parseCLI(env Env, spec cliSpec, args []string) (cliLine, error) {
	fs := flag.NewFlagSet("claimtrack "+spec.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	line := cliLine{flags: map[string]string{}}
	for _, f := range spec.flags {
		fs.Var(&cliValue{isBool: f.arg == "", set: func(v string) { line.flags[f.name] = v }}, f.name, f.usage)
	}
	var settingArgs []string
	for _, s := range specSettings(spec) {
		fs.Var(&cliValue{isBool: s.Kind() == "bool", set: func(v string) {
			settingArgs = append(settingArgs, "--"+s.Name+"="+v)
		}}, s.Name, s.Description)
	}
	// Flags and arguments may be mixed (import a.yaml b.yaml --database X);
	// everything after "--" is an argument.
	before, after, dashes := args, []string(nil), slices.Index(args, "--")
	if dashes >= 0 {
		before, after = args[:dashes], args[dashes+1:]
	}
	for {
		if err := fs.Parse(before); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				writeCLIUsage(env.Stdout, spec)
				return cliLine{}, err
			}
			return cliLine{}, fmt.Errorf("%w (see claimtrack %s --help)", err, spec.name)
		}
		if fs.NArg() == 0 {
			break
		}
		line.args = append(line.args, fs.Arg(0))
		before = fs.Args()[1:]
	}
	line.args = append(line.args, after...)
	if spec.settings != nil && len(spec.settings) == 0 {
		return line, nil
	}
	cfg, err := config.Parse(settingArgs, env.LookupEnv)
	if err != nil {
		return cliLine{}, err
	}
	line.cfg = cfg
	return line, nil
}

// specSettings returns the settings spec reads, in the registry's order.
func specSettings(spec cliSpec) []config.Setting {
	all := config.Settings()
	if spec.settings == nil {
		return all
	}
	var out []config.Setting
	for _, s := range all {
		if slices.Contains(spec.settings, s.Name) {
			out = append(out, s)
		}
	}
	return out
}

// writeCLIUsage writes a command's usage, own flags and settings.
func writeCLIUsage(w io.Writer, spec cliSpec) {
	usage := "claimtrack " + spec.name
	for _, f := range spec.flags {
		if f.arg != "" && strings.Contains(f.usage, "(required)") {
			usage += fmt.Sprintf(" --%s %s", f.name, f.arg)
		}
	}
	if len(spec.flags) > 0 {
		usage += " [flags]"
	}
	if spec.args != "" {
		usage += " " + spec.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", usage, spec.summary)
	if len(spec.flags) > 0 {
		fmt.Fprintln(w, "\nFlags:")
		for _, f := range spec.flags {
			fmt.Fprintf(w, "  %-25s %s\n", strings.TrimSpace("--"+f.name+" "+f.arg), f.usage)
		}
	}
	fmt.Fprintln(w, "\nSettings it reads (a flag overrides the environment variable; claimtrack --help lists them all):")
	for _, s := range specSettings(spec) {
		fmt.Fprintf(w, "  %-25s %s, default %s\n", s.Flag(), s.Env(), defaultOrNone(s.DefaultText()))
	}
}

func defaultOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// cliValue hands each value a flag set parses to set.
type cliValue struct {
	isBool bool
	set    func(string)
}

func (v *cliValue) String() string { return "" }

func (v *cliValue) Set(s string) error { v.set(s); return nil }

// IsBoolFlag lets a boolean flag stand alone (--all means --all=true).
func (v *cliValue) IsBoolFlag() bool { return v.isBool }

package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ensureTools installs wrk and nginx-light from Debian when missing.
func ensureTools() error {
	var missing []string
	for bin, pkg := range map[string]string{"wrk": "wrk", "nginx": "nginx-light"} {
		if _, err := exec.LookPath(bin); err != nil {
			if _, err := os.Stat("/usr/sbin/" + bin); err != nil {
				missing = append(missing, pkg)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	fmt.Println("installing", strings.Join(missing, " "), "from Debian")
	for _, args := range [][]string{{"update", "-qq"}, append([]string{"install", "-y", "-qq"}, missing...)} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %w", args[0], err)
		}
	}
	return nil
}

// wrkSettings are wrk's load settings, the same for every target.
type wrkSettings struct {
	duration    time.Duration
	connections int
	threads     int
}

type wrkResult struct {
	rps      float64
	p50, p99 time.Duration
}

var (
	rpsLine = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	pctLine = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
	errLine = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
)

// runWrk loads url with wrk, asking for the given Accept-Encoding.
func runWrk(o wrkSettings, url, encoding string) (wrkResult, error) {
	// wrk takes whole seconds ("500ms" is refused).
	secs := max(1, int(o.duration.Round(time.Second)/time.Second))
	out, err := exec.Command("wrk", "-t", strconv.Itoa(o.threads), "-c", strconv.Itoa(o.connections),
		"-d", strconv.Itoa(secs)+"s", "-H", "Accept-Encoding: "+encoding, "--latency", url).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	if m := errLine.FindSubmatch(out); m != nil {
		return wrkResult{}, fmt.Errorf("%s non-2xx answers:\n%s", m[1], out)
	}
	var r wrkResult
	m := rpsLine.FindSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no Requests/sec in wrk output:\n%s", out)
	}
	r.rps, _ = strconv.ParseFloat(string(m[1]), 64)
	for _, p := range pctLine.FindAllSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(string(p[2]), 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[string(p[3])]
		d := time.Duration(v * float64(unit))
		if string(p[1]) == "50" {
			r.p50 = d
		} else {
			r.p99 = d
		}
	}
	return r, nil
}

// medianResult takes each figure's median over runs on its own.
func medianResult(runs []wrkResult) wrkResult {
	var rps []float64
	var p50, p99 []time.Duration
	for _, r := range runs {
		rps, p50, p99 = append(rps, r.rps), append(p50, r.p50), append(p99, r.p99)
	}
	slices.Sort(rps)
	slices.Sort(p50)
	slices.Sort(p99)
	n := len(runs) / 2
	return wrkResult{rps: rps[n], p50: p50[n], p99: p99[n]}
}

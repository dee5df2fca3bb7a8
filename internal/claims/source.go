package claims

import (
	"net"
	"net/url"
	"strings"
	"time"
)

// OutletKind classifies who published a source.
type OutletKind string

// Outlet kinds, in the order the story page lists them.
const (
	OutletWire        OutletKind = "wire"
	OutletIndependent OutletKind = "independent"
	OutletOfficial    OutletKind = "official"
	OutletPrimary     OutletKind = "primary"
	OutletSocial      OutletKind = "social"
)

// OutletKinds lists every outlet kind in display order.
var OutletKinds = []OutletKind{OutletWire, OutletIndependent, OutletOfficial, OutletPrimary, OutletSocial}

// ParseOutletKind returns the outlet kind named s, or EINVALID.
func ParseOutletKind(s string) (OutletKind, error) {
	for _, k := range OutletKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Invalid("outlet_kind", "unknown outlet kind %q; allowed: wire, independent, official, primary, social", s)
}

// Label is the heading used for a group of sources of this kind.
func (k OutletKind) Label() string {
	switch k {
	case OutletWire:
		return "Wire services"
	case OutletIndependent:
		return "Independent coverage"
	case OutletOfficial:
		return "Official statements"
	case OutletPrimary:
		return "Primary sources"
	case OutletSocial:
		return "Social media"
	}
	return string(k)
}

// SourceState is what the last re-check found at a source.
type SourceState string

// Source states.
const (
	SourceUnchecked     SourceState = "unchecked"
	SourceLive          SourceState = "live"
	SourceChanged       SourceState = "changed"
	SourceMoved         SourceState = "moved"
	SourceUnreachable   SourceState = "unreachable"
	SourceAccessBlocked SourceState = "access_blocked"
	SourceGone          SourceState = "gone"
	SourceRefused       SourceState = "refused"
)

// SourceStates lists every source state.
var SourceStates = []SourceState{SourceUnchecked, SourceLive, SourceChanged, SourceMoved,
	SourceUnreachable, SourceAccessBlocked, SourceGone, SourceRefused}

// Source is a published report a claim rests on.
type Source struct {
	ID int64
	// URL is normalised (see NormalizeURL) and unique; empty for print or
	// broadcast sources, which are shown but never fetched.
	URL           string
	Outlet        string
	OutletKind    OutletKind
	Title         string
	State         SourceState
	LastCheckedAt *time.Time
	// ChecksPaused keeps the re-checker away from the source: it is shown,
	// never fetched (the demo story's made-up addresses on real outlets).
	ChecksPaused bool
	CreatedAt    time.Time
}

// LinkedSource is a source as linked to one claim, with the link's stance.
type LinkedSource struct {
	Source
	Stance   Stance
	LinkedAt time.Time
}

// maxURLLength keeps absurd input out of the unique index.
const maxURLLength = 2048

// trackingParams are query parameters that identify a campaign, not a page;
// dropping them lets the same article pasted from two newsletters dedupe.
var trackingParams = []string{"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid", "mc_cid", "mc_eid"}

// NormalizeURL validates a source URL typed by a person and returns its
// canonical form: http or https only, no credentials, lower-case scheme and
// host, no default port, no fragment, no tracking parameters, "/" for an
// empty path. Returns EINVALID (field "url") with a reason.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", Invalid("url", "the URL is empty")
	}
	if len(raw) > maxURLLength {
		return "", Invalid("url", "the URL is longer than %d characters", maxURLLength)
	}
	if strings.ContainsAny(raw, " \t\r\n\x00") {
		return "", Invalid("url", "the URL contains spaces or control characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", Invalid("url", "not a valid URL")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", Invalid("url", "only http and https URLs can be sources")
	}
	if u.Opaque != "" {
		return "", Invalid("url", "not a valid URL")
	}
	if u.User != nil {
		return "", Invalid("url", "a source URL must not contain a user name or password")
	}
	// Every trailing dot goes: "example.com.." must not keep one that a
	// second normalisation would strip (found by FuzzNormalizeURL).
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", Invalid("url", "the URL has no host")
	}
	port := u.Port()
	if port != "" {
		if _, err := net.LookupPort("tcp", port); err != nil || strings.TrimLeft(port, "0") == "" {
			return "", Invalid("url", "the URL has an invalid port")
		}
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Fragment = ""
	u.RawFragment = ""
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		for _, p := range trackingParams {
			q.Del(p)
		}
		u.RawQuery = q.Encode()
	}
	u.ForceQuery = false
	// Escaping can lengthen a URL (an invalid byte becomes %EF%BF%BD), and
	// what is stored must pass this check again (found by FuzzNormalizeURL).
	out := u.String()
	if len(out) > maxURLLength {
		return "", Invalid("url", "the URL is longer than %d characters once normalised", maxURLLength)
	}
	return out, nil
}

package claims

import "strings"

// OutletHints is what a page says about its publisher, beyond its address.
type OutletHints struct {
	// PublisherType is the schema.org type of the page's publisher, e.g.
	// "GovernmentOrganization".
	PublisherType string
}

// Known hosts by kind. A host matches a domain when it is the domain or a
// subdomain of it. The lists are short on purpose: a guess only prefills a
// form the editor confirms.
var (
	wireDomains = []string{
		"apnews.com", "ap.org", "reuters.com", "afp.com", "dpa.com", "dpa-international.com", "efe.com",
		"ansa.it", "kyodonews.net", "upi.com", "aa.com.tr", "pap.pl", "apa.at", "belga.be", "anp.nl",
		"tt.se", "ntb.no", "ritzau.dk", "xinhuanet.com", "tass.com", "tass.ru", "interfax.com", "yna.co.kr",
		"pti.in", "aap.com.au", "europapress.es", "sda-ats.ch",
	}
	socialDomains = []string{
		"x.com", "twitter.com", "facebook.com", "fb.com", "fb.watch", "instagram.com", "threads.net", "threads.com",
		"tiktok.com", "youtube.com", "youtu.be", "t.me", "telegram.me", "bsky.app", "reddit.com", "linkedin.com",
		"vk.com", "weibo.com", "truthsocial.com", "mastodon.social", "rumble.com", "snapchat.com", "pinterest.com",
	}
	// primaryDomains host documents themselves: filings, court records,
	// papers. Archives of other pages (archive.org) are left out: an
	// archived article is still the kind its outlet is.
	primaryDomains = []string{
		"documentcloud.org", "courtlistener.com", "scribd.com", "arxiv.org", "doi.org", "ssrn.com", "zenodo.org",
		"osf.io", "medrxiv.org", "biorxiv.org",
	}
	officialDomains = []string{
		"europa.eu", "un.org", "bund.de", "admin.ch", "canada.ca", "gc.ca", "parliament.uk", "nhs.uk", "police.uk",
		"bundestag.de", "assemblee-nationale.fr", "senat.fr", "elysee.fr",
	}
	// officialTLDs are top-level domains only governments register.
	officialTLDs = map[string]bool{"gov": true, "mil": true, "int": true}
	// officialSecondLevels are second-level labels under a country code
	// that governments use (gov.uk, gouv.fr, gob.mx, go.jp, govt.nz).
	officialSecondLevels = map[string]bool{"gov": true, "gouv": true, "gob": true, "go": true, "govt": true,
		"mil": true, "gv": true, "gub": true}
)

// GuessOutletKind guesses who published a page at host: a known wire
// service, a social network, a document host, a government (by domain, or
// by a publisher declaring itself a GovernmentOrganization), and otherwise
// an independent outlet. host may carry a port or a trailing dot.
func GuessOutletKind(host string, hints OutletHints) OutletKind {
	h := strings.TrimRight(strings.ToLower(strings.TrimSpace(host)), ".")
	if i := strings.LastIndex(h, ":"); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	switch {
	case h == "":
		return OutletIndependent
	case underAny(h, socialDomains):
		return OutletSocial
	case underAny(h, wireDomains):
		return OutletWire
	case underAny(h, primaryDomains):
		return OutletPrimary
	case underAny(h, officialDomains) || officialHost(h):
		return OutletOfficial
	}
	switch hints.PublisherType {
	case "GovernmentOrganization", "GovernmentOffice", "Government":
		return OutletOfficial
	}
	return OutletIndependent
}

func underAny(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// officialHost recognises government domains by shape: "*.gov", and
// "*.gov.<country>". A country code has two letters, so "abc.go.com" is
// not taken for one.
func officialHost(host string) bool {
	labels := strings.Split(host, ".")
	n := len(labels)
	if n >= 2 && officialTLDs[labels[n-1]] {
		return true
	}
	return n >= 3 && len(labels[n-1]) == 2 && officialSecondLevels[labels[n-2]]
}

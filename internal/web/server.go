// Package web is claimtrack's public HTTP layer: the reader pages, the read
// API, health checks, and the middleware around them. Handlers bind input,
// make one service call and render; all routes are listed in routes.go.
package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/logrepeat"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/webhooks"
	"github.com/labstack/echo/v4"
	"github.com/labstack/gommon/log"
)

// pageMaxAge bounds how long a cached page may be served: pages carry
// relative times ("12 minutes ago") that must stay honest.
const pageMaxAge = 30 * time.Second

// Options configure a Server.
type Options struct {
	Service *claims.Service
	// Logger receives access and error logs; nil discards them.
	Logger *slog.Logger
	// BaseURL is the public address (e.g. https://claims.example.org), used
	// for canonical links; empty leaves them out.
	BaseURL string
	// Now is the clock for relative times and cache ages; nil = time.Now.
	Now func() time.Time
	// AccessLog logs one line per request at Info level.
	AccessLog bool

	// --- auth (sessions, CSRF) ---
	// Auth signs users in; nil serves anonymous readers only.
	Auth *auth.Service
	// TrustedProxies are the peers whose X-Forwarded-For is believed when
	// finding the client's address (for login throttling and logs).
	TrustedProxies []netip.Prefix
	// SecureCookies marks the session cookie Secure; also on whenever
	// BaseURL is https.
	SecureCookies bool

	// --- re-checker ---
	// Rechecker checks a source on an editor's request; nil answers 503.
	Rechecker SourceChecker

	// --- ecosystem ---
	// Organization is the publisher named as ClaimReview's author; empty
	// means "claimtrack".
	Organization string
	// Metrics, when set, counts requests and is served at /metrics, behind
	// MetricsToken when that is set.
	Metrics      *metrics.Metrics
	MetricsToken string
	// MetricsOpen serves /metrics without a token when MetricsToken is
	// empty; set it only when the server listens on loopback alone.
	// Otherwise /metrics without a token configured answers 401.
	MetricsOpen bool

	// --- mail ---
	// Mailer sends claimtrack's mail; nil sends none.
	Mailer mail.Sender
	// MailDir is where the mail is written instead of sent, for admins to
	// read at /admin/mail; empty when an SMTP server takes it.
	MailDir string

	// --- ecosystem: webhooks ---
	// Webhooks posts events to admins' endpoints; nil answers its admin
	// pages with 404.
	Webhooks *webhooks.Service

	// --- alerts ---
	// Alerts runs email subscriptions; nil answers their routes with 404
	// and leaves the follow form off the pages.
	Alerts *alerts.Service

	// --- ecosystem: paste an article ---
	// ArticleReader reads articles editors paste on a story's editor page;
	// nil leaves the form off and answers its route with 503.
	ArticleReader ArticleReader

	// --- search and matching ---
	// Search answers /search, /api/v1/search, /api/v1/match and the
	// matches of /lookup and the claim editor; nil answers them with 503.
	Search *search.Service
}

// Server serves claimtrack's public pages and read API.
type Server struct {
	svc       *claims.Service
	vocab     *claims.Vocabulary
	log       *slog.Logger
	baseURL   string
	now       func() time.Time
	accessLog bool
	echo      *echo.Echo
	views     *views
	assets    *assets
	pages     *pageCache
	ids       *requestIDs

	// --- auth (sessions, CSRF) ---
	auth           *auth.Service
	trustedProxies []netip.Prefix
	secureCookies  bool
	// hostCookies (the base URL is https) names cookies __Host-… and
	// sends Strict-Transport-Security.
	hostCookies bool
	csrf        *http.CrossOriginProtection

	// --- re-checker ---
	rechecker SourceChecker

	// --- ecosystem ---
	organization string
	metrics      *metrics.Metrics
	metricsToken string
	metricsOpen  bool

	// --- mail ---
	mailer  mail.Sender
	mailDir string

	// --- ecosystem: webhooks ---
	webhooks *webhooks.Service

	// --- alerts ---
	alerts *alerts.Service

	// --- ecosystem: paste an article ---
	articles ArticleReader

	// --- failing well (issue 16) ---
	failures *logrepeat.Limiter
	flight   inflight
	ready    readiness
	// --- security review --- per-client limit of article lookups
	lookups *clientLimiter
	// --- search and matching ---
	search *search.Service
}

// New builds a Server and registers its page cache with the service so that
// every committed write drops the pages it affects.
func New(opts Options) *Server {
	s := &Server{
		svc:       opts.Service,
		vocab:     opts.Service.Vocabulary(),
		log:       opts.Logger,
		baseURL:   trimSlash(opts.BaseURL),
		now:       opts.Now,
		accessLog: opts.AccessLog,

		// --- auth (sessions, CSRF) ---
		auth:           opts.Auth,
		trustedProxies: opts.TrustedProxies,
		secureCookies:  opts.SecureCookies || strings.HasPrefix(strings.ToLower(opts.BaseURL), "https://"),
		csrf:           newCSRF(),
		hostCookies:    strings.HasPrefix(strings.ToLower(opts.BaseURL), "https://"),

		// --- re-checker ---
		rechecker: opts.Rechecker,

		// --- ecosystem ---
		organization: opts.Organization,
		metrics:      opts.Metrics,
		metricsToken: opts.MetricsToken,
		metricsOpen:  opts.MetricsOpen,

		// --- mail ---
		mailer:  opts.Mailer,
		mailDir: opts.MailDir,

		// --- ecosystem: webhooks ---
		webhooks: opts.Webhooks,

		// --- alerts ---
		alerts: opts.Alerts,

		// --- ecosystem: paste an article ---
		articles: opts.ArticleReader,

		// --- search and matching ---
		search: opts.Search,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.organization == "" {
		s.organization = "claimtrack"
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.failures = logrepeat.New(s.log, 0) // --- failing well ---
	s.assets = mustAssets(s.vocab)
	s.views = mustViews()
	s.pages = newPageCache(s.now, pageMaxAge)
	s.ids = newRequestIDs()
	s.lookups = newClientLimiter(s.now, lookupsPerMinute, time.Minute, lookupClients)
	s.svc.OnStoryChanged(s.pages.dropStory)
	if s.auth != nil {
		s.auth.OnThrottled(s.sendThrottledMail)
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetLevel(log.OFF)
	e.HTTPErrorHandler = s.handleError
	s.echo = e
	s.routes()
	return s
}

// newCSRF is the cross-origin check every request passes in authenticate.
// --- alerts --- Mail providers post RFC 8058 one-click unsubscribes from
// their own origin with no cookie; the token in the path is the only
// credential that route needs, so it is the one exemption.
func newCSRF() *http.CrossOriginProtection {
	p := http.NewCrossOriginProtection()
	p.AddInsecureBypassPattern("POST " + unsubscribePattern)
	return p
}

// Handler returns the http.Handler serving every route.
func (s *Server) Handler() http.Handler { return s.echo }

func trimSlash(u string) string {
	for len(u) > 0 && u[len(u)-1] == '/' {
		u = u[:len(u)-1]
	}
	return u
}

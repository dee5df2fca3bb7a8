// Package web is claimtrack's HTTP wiring: it builds the rooms from the
// services and lists every route in routes.go. The rooms are the JSON API
// (web/api) and the HTML pages (web/pages/reader, desk, admin, account and
// follow, on the shared web/pages/view chrome), all on the shared web/httpx
// and web/site. The root holds the wiring alone: health checks, the API's
// documentation page, the middleware around every room (request ids,
// access log, CSRF, sessions), the page cache and the fast path that
// answers cached reader pages before echo. Handlers bind
// input, make one service call and render a view struct; errors become
// HTTP answers in one place (httpx.ErrorStatus, answered by errors.go).
package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/logrepeat"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/api"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/account"
	"github.com/claimtrack/claimtrack/internal/web/pages/admin"
	"github.com/claimtrack/claimtrack/internal/web/pages/desk"
	"github.com/claimtrack/claimtrack/internal/web/pages/follow"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
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
	// AccessLogTo, when set, receives the access log's Info lines (laid out
	// as Logger's text handler does, or its JSON handler with AccessLogJSON)
	// written in batches within 0.1 s instead of through Logger: the
	// cheaper path for a busy site. FlushAccessLog writes what is left.
	AccessLogTo   io.Writer
	AccessLogJSON bool

	// Auth signs users in; nil serves anonymous readers only.
	Auth *auth.Service
	// TrustedProxies are the peers whose X-Forwarded-For is believed when
	// finding the client's address (for login throttling and logs).
	TrustedProxies []netip.Prefix
	// SecureCookies marks the session cookie Secure; also on whenever
	// BaseURL is https.
	SecureCookies bool

	// Rechecker checks a source on an editor's request; nil answers 503.
	Rechecker api.SourceChecker

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

	// MailQueued, when set, is called after a request queued a
	// transactional mail (a confirmation, a reset link), to wake the worker
	// that sends them; ComposeMail makes their messages.
	MailQueued func()
	// MailDir is where the mail is written instead of sent, for admins to
	// read at /admin/mail; empty when an SMTP server takes it.
	MailDir string

	// Webhooks posts events to admins' endpoints; nil answers its admin
	// pages with 404.
	Webhooks *webhooks.Service

	// Alerts runs email subscriptions; nil answers their routes with 404
	// and leaves the follow form off the pages.
	Alerts *alerts.Service

	// ArticleReader reads articles editors paste on a story's editor page;
	// nil leaves the form off and answers its route with 503.
	ArticleReader desk.ArticleReader

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
	// accessLines, when set, takes the access log's Info lines.
	accessLines *accessLines
	echo        *echo.Echo
	views       *httpx.Views
	assets      *assets
	pages       *pageCache
	ids         *httpx.RequestIDs
	api         *api.Handler
	// chrome renders pages for the root and every HTML room.
	chrome  *view.Chrome
	admin   *admin.Handler
	account *account.Handler
	follow  *follow.Handler
	reader  *reader.Handler
	desk    *desk.Handler

	auth           *auth.Service
	trustedProxies httpx.Proxies
	cookies        httpx.Cookies
	// hostCookies (the base URL is https) names cookies __Host-… and
	// sends Strict-Transport-Security.
	hostCookies bool
	csrf        *http.CrossOriginProtection

	organization string
	// site is the base URL and organization as the rooms use them.
	site         site.Site
	metrics      *metrics.Metrics
	metricsToken string
	metricsOpen  bool

	mailQueued func()
	mailDir    string

	webhooks *webhooks.Service

	alerts *alerts.Service

	articles desk.ArticleReader

	failures *logrepeat.Limiter
	flight   inflight
	ready    readiness
	// Per-client limit of article lookups
	lookups *httpx.ClientLimiter
	search  *search.Service
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

		auth:           opts.Auth,
		trustedProxies: opts.TrustedProxies,
		csrf:           newCSRF(),
		hostCookies:    strings.HasPrefix(strings.ToLower(opts.BaseURL), "https://"),

		organization: opts.Organization,
		metrics:      opts.Metrics,
		metricsToken: opts.MetricsToken,
		metricsOpen:  opts.MetricsOpen,

		mailQueued: opts.MailQueued,
		mailDir:    opts.MailDir,

		webhooks: opts.Webhooks,

		alerts: opts.Alerts,

		articles: opts.ArticleReader,

		search: opts.Search,
	}
	s.cookies = httpx.Cookies{Host: s.hostCookies, Secure: opts.SecureCookies || s.hostCookies}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if opts.AccessLogTo != nil {
		s.accessLines = newAccessLines(opts.AccessLogTo, opts.AccessLogJSON)
	}
	if s.organization == "" {
		s.organization = "claimtrack"
	}
	s.site = site.Site{BaseURL: s.baseURL, Organization: s.organization, Vocab: s.vocab}
	if s.now == nil {
		s.now = time.Now
	}
	s.failures = logrepeat.New(s.log, 0)
	s.assets = mustAssets(s.vocab)
	s.views = httpx.MustViews()
	s.chrome = &view.Chrome{Views: s.views, CSS: s.assets.cssURL, Site: s.site, Log: s.log}
	s.pages = newPageCache(s.now, pageMaxAge)
	s.pages.rerendered = s.metrics.PageRerender
	s.ids = httpx.NewRequestIDs()
	s.lookups = httpx.NewClientLimiter(s.now, reader.LookupsPerMinute, time.Minute, reader.LookupClients)
	s.svc.OnStoryChanged(s.pages.drop)
	s.admin = s.adminHandler()
	s.account = s.accountHandler()
	s.follow = s.followHandler()
	s.reader = s.readerHandler()
	s.desk = s.deskHandler()

	s.api = s.apiHandler(opts)

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetLevel(log.OFF)
	e.HTTPErrorHandler = s.handleError
	s.echo = e
	s.routes()
	return s
}

// newCSRF is the cross-origin check every request passes in authenticate.
// Mail providers post RFC 8058 one-click unsubscribes from
// their own origin with no cookie; the token in the path is the only
// credential that route needs, so it is the one exemption.
func newCSRF() *http.CrossOriginProtection {
	p := http.NewCrossOriginProtection()
	p.AddInsecureBypassPattern("POST " + follow.UnsubscribePattern)
	return p
}

// Handler returns the http.Handler serving every route: cached pages for
// anonymous readers first, echo for everything else.
func (s *Server) Handler() http.Handler { return s.servedCached(s.echo) }

func trimSlash(u string) string {
	for len(u) > 0 && u[len(u)-1] == '/' {
		u = u[:len(u)-1]
	}
	return u
}

// apiHandler builds the JSON API's handler from the services. A service the
// server runs without stays a nil interface, which the handler answers for.
func (s *Server) apiHandler(opts Options) *api.Handler {
	h := &api.Handler{Reader: s.svc, Writer: s.svc, Desk: s.svc, Sources: s.svc, Rechecker: opts.Rechecker,
		Pages: s.pages, Site: s.site, Log: s.log, Metrics: s.metrics, Proxies: s.trustedProxies}
	if s.auth != nil {
		h.Users = s.auth
	}
	if s.search != nil {
		h.Search = s.search
	}
	if s.alerts != nil {
		h.Subscriber = mailingAlerts{alerts: s.alerts, wake: s.wakeMail}
	}
	return h
}

// adminHandler builds the admin pages' handler. A service the server runs
// without stays a nil interface, whose routes are guarded off.
func (s *Server) adminHandler() *admin.Handler {
	h := &admin.Handler{Chrome: s.chrome, MailDir: s.mailDir}
	if s.auth != nil {
		h.Users = s.auth
	}
	if s.webhooks != nil {
		h.Webhooks = s.webhooks
	}
	if s.alerts != nil {
		h.Alerts = s.alerts
	}
	return h
}

// accountHandler builds the account pages' handler; without accounts its
// Auth stays a nil interface, which the handler answers for.
func (s *Server) accountHandler() *account.Handler {
	h := &account.Handler{Chrome: s.chrome, Cookies: s.cookies, Proxies: s.trustedProxies, MailQueued: s.mailQueued}
	if s.auth != nil {
		h.Auth = s.auth
	}
	return h
}

// followHandler builds the subscription pages' handler; without alerts its
// interfaces stay nil and withAlerts keeps its routes off.
func (s *Server) followHandler() *follow.Handler {
	h := &follow.Handler{Chrome: s.chrome, Proxies: s.trustedProxies}
	if s.alerts != nil {
		h.Alerts = s.alerts
		h.Subscriber = mailingAlerts{alerts: s.alerts, wake: s.wakeMail}
	}
	return h
}

// readerHandler builds the reader pages' handler; without search its
// Search stays a nil interface, which the handler answers for.
func (s *Server) readerHandler() *reader.Handler {
	h := &reader.Handler{Chrome: s.chrome, Stories: s.svc, Lookups: s.lookups, Proxies: s.trustedProxies,
		Claims: s.svc, Story: s.svc, Feeds: s.svc, Sources: s.svc, Pages: s.pages, Metrics: s.metrics,
		FeedStylesheet: s.assets.xslURL, Alerts: s.alerts != nil, Now: s.now}
	if s.search != nil {
		h.Search = s.search
	}
	return h
}

// deskHandler builds the editor's desk handler; without an article reader
// or search those stay nil interfaces, which the handler answers for.
func (s *Server) deskHandler() *desk.Handler {
	h := &desk.Handler{Chrome: s.chrome, Stories: s.svc, Claims: s.svc, Review: s.svc, Sources: s.svc,
		Alerts: s.alerts != nil, Now: s.now}
	if s.articles != nil {
		h.Articles = s.articles
	}
	if s.search != nil {
		h.Search = s.search
	}
	return h
}

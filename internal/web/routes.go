package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

var readMethods = []string{http.MethodGet, http.MethodHead}

// metricsPath serves Prometheus; it authenticates with its own token.
const metricsPath = "/metrics"

// routes lists everything the public site can do, in one place.
func (s *Server) routes() {
	e := s.echo
	a := s.api
	adm, acc, fol, rd, dk := s.admin, s.account, s.follow, s.reader, s.desk
	e.Use(s.around, s.authenticate)
	// Pages also answer HEAD, for monitors and link checkers.
	page := func(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) { e.Match(readMethods, path, h, m...) }

	page("/", rd.IndexShow)
	page("/stories/:slug", rd.StoryShow)
	page("/claims/:id", rd.ClaimShow)
	if s.metrics != nil {
		e.GET(metricsPath, echo.WrapHandler(s.metricsHandler()))
	}
	page("/feeds/resolved.atom", rd.FeedResolvedShow)
	page("/lookup", rd.LookupShow)
	page("/stories/:slug/feed.atom", rd.FeedStoryShow)
	page("/stories/:slug/claims", rd.StoryClaimsShow)
	page("/static/:name", s.staticShow)
	page("/sources/:id/changes", rd.SourceChangesShow)
	page("/sources/:id/copy", rd.SourceCopyShow)

	page("/healthz", s.healthShow)
	page("/readyz", s.readyShow)

	e.GET("/api/v1/stories", a.StoryList)
	e.GET("/api/v1/stories/:slug", a.StoryShow)
	e.GET("/api/v1/claims/:id", a.ClaimShow)
	e.GET("/api/v1/claims/:id/timeline", a.ClaimTimeline)
	e.GET("/api/v1/claims/:id/sources", a.ClaimSources)
	e.GET("/api/v1/sources/:id", a.SourceShow)
	e.GET("/api/v1/claimreview", a.ClaimReviewList)
	e.GET("/api/v1/claims/:id/history", a.ClaimHistory)
	// The document, and the page made from it.
	page("/api", rd.APIDocsShow)
	e.GET("/api/openapi.json", a.OpenAPIShow)
	// Export: readers get published stories, editors any story with its
	// watches.
	e.GET("/api/v1/stories/:slug/export", a.StoryExport)
	e.POST("/api/v1/import", a.Import, httpx.RequireEditor)

	// Per-route middleware, not a group: an echo group with middleware
	// would also answer unknown /api paths with 401.
	editor := httpx.RequireEditor
	e.POST("/api/v1/stories", a.StoryCreate, editor)
	e.PATCH("/api/v1/stories/:slug", a.StoryUpdate, editor)
	e.POST("/api/v1/stories/:slug/claims", a.ClaimCreate, editor)
	e.PATCH("/api/v1/claims/:id", a.ClaimUpdate, editor)
	e.POST("/api/v1/claims/:id/evidence", a.EvidenceCreate, editor)
	e.POST("/api/v1/claims/:id/sources", a.SourceLink, editor)
	e.DELETE("/api/v1/claims/:id/sources/:source_id", a.SourceUnlink, editor)
	e.POST("/api/v1/claims/:id/withdraw", a.ClaimWithdraw, editor)
	e.POST("/api/v1/evidence/:id/withdraw", a.EvidenceWithdraw, editor)
	e.POST("/api/v1/claims/:id/notes", a.NoteCreate, editor)
	e.GET("/api/v1/review", a.ReviewList, editor)
	e.POST("/api/v1/review/:id/reviewed", a.ReviewReviewed, editor)
	e.POST("/api/v1/review/:id/accept", a.ReviewAccept, editor)
	e.POST("/api/v1/review/:id/dismiss", a.ReviewDismiss, editor)
	e.POST("/api/v1/sources/:id/recheck", a.SourceRecheck, editor)
	e.GET("/api/v1/sources/:id/checks", a.SourceChecks, editor)
	e.GET("/api/v1/sources/:id/snapshots", a.SourceSnapshots, editor)
	e.GET("/api/v1/snapshots/:id", a.SnapshotShow, editor)
	e.GET("/api/v1/claims/:id/watches", a.WatchesShow, editor)
	e.PUT("/api/v1/claims/:id/watches", a.WatchesUpdate, editor)

	ed := e.Group("/editor", httpx.RequireEditor)
	ed.Match(readMethods, "", dk.DashboardShow)
	ed.POST("/review/:id/:action", dk.ReviewClose)
	ed.POST("/stories", dk.StoryCreate)
	ed.Match(readMethods, "/stories/:slug", dk.StoryEdit)
	ed.POST("/stories/:slug", dk.StorySave)
	ed.POST("/stories/:slug/claims", dk.ClaimCreate)
	ed.Match(readMethods, "/claims/:id", dk.ClaimEdit)
	ed.POST("/claims/:id/status", dk.ClaimStatus)
	ed.POST("/claims/:id/text", dk.ClaimText)
	ed.POST("/claims/:id/evidence", dk.EvidenceCreate)
	ed.POST("/claims/:id/evidence/:evidence_id/withdraw", dk.EvidenceWithdraw)
	ed.POST("/claims/:id/sources", dk.SourceLink)
	ed.POST("/claims/:id/sources/:source_id/unlink", dk.SourceUnlink)
	ed.POST("/claims/:id/withdraw", dk.ClaimWithdraw)
	ed.POST("/claims/:id/notes", dk.NoteCreate)
	ed.Match(readMethods, "/sources/:id", dk.SourceShow)
	ed.Match(readMethods, "/snapshots/:id", dk.SnapshotShow)
	ed.POST("/claims/:id/watches", dk.WatchesSave)
	ed.POST("/stories/:slug/paste", dk.StoryPaste)
	ed.POST("/stories/:slug/sources", dk.StorySourceLink)

	page("/login", acc.LoginShow)
	e.POST("/login", acc.LoginCreate, s.withAccounts)
	e.POST("/logout", acc.LogoutCreate)
	page("/setup/:token", acc.SetupShow)
	e.POST("/setup/:token", acc.SetupCreate)
	page("/password/forgot", acc.PasswordForgotShow, s.withAccounts)
	e.POST("/password/forgot", acc.PasswordForgotCreate, s.withAccounts)
	page("/password/reset/:token", acc.PasswordResetShow, s.withAccounts)
	e.POST("/password/reset/:token", acc.PasswordResetCreate, s.withAccounts)
	// User and webhook administration ask for the
	// password again unless it was typed recently (requireRecentPassword).
	admin := []echo.MiddlewareFunc{httpx.RequireAdmin, acc.RequireRecentPassword}
	e.POST("/reauth", acc.ReauthCreate)
	e.Match(readMethods, "/account/tokens", acc.TokensShow, httpx.RequireEditor)
	e.POST("/account/tokens/:id/revoke", acc.TokenRevoke, httpx.RequireEditor)
	e.Match(readMethods, "/admin/users", adm.UserList, admin...)
	e.POST("/admin/users", adm.UserCreate, admin...)
	e.POST("/admin/users/:id/disable", adm.UserDisable, admin...)
	e.POST("/admin/users/:id/password", adm.UserPassword, admin...)
	e.GET("/api/v1/users", a.UserList, admin...)
	e.POST("/api/v1/users", a.UserCreate, admin...)
	e.POST("/api/v1/users/:id/disable", a.UserDisable, admin...)

	e.Match(readMethods, "/admin/mail", adm.MailList, httpx.RequireAdmin)
	e.Match(readMethods, "/admin/mail/:name", adm.MailShow, httpx.RequireAdmin)

	// Every path holding a token names it :token, so the
	// access log prints the route, never the token (loggedPath).
	e.POST("/api/v1/subscriptions", a.SubscriptionCreate, s.withAlerts)
	e.POST("/subscriptions", fol.SubscriptionCreate, s.withAlerts)
	page("/subscriptions/confirm/:token", fol.ConfirmShow, s.withAlerts)
	e.POST("/subscriptions/confirm/:token", fol.ConfirmCreate, s.withAlerts)
	page("/subscriptions/manage/:token", fol.ManageShow, s.withAlerts)
	e.POST("/subscriptions/manage/:token/end/:id", fol.ManageEnd, s.withAlerts)
	e.POST("/subscriptions/manage/:token/delete", fol.ManageDelete, s.withAlerts)
	page("/unsubscribe/:token", fol.UnsubscribeShow, s.withAlerts)
	e.POST("/unsubscribe/:token", fol.UnsubscribeCreate, s.withAlerts)
	e.Match(readMethods, "/admin/alerts", adm.AlertsShow, httpx.RequireAdmin, s.withAlerts)

	if s.webhooks != nil {
		e.Match(readMethods, "/admin/webhooks", adm.WebhooksList, admin...)
		e.POST("/admin/webhooks", adm.WebhookCreate, admin...)
		e.Match(readMethods, "/admin/webhooks/:id", adm.WebhookShow, admin...)
		e.POST("/admin/webhooks/:id/active", adm.WebhookActive, admin...)
	}

	page("/search", rd.SearchShow)
	e.GET("/api/v1/search", a.SearchList)
	e.POST("/api/v1/match", a.MatchCreate)
	e.POST("/api/v1/claims/:id/appearances", a.AppearanceCreate, httpx.RequireEditor)
	e.POST("/editor/claims/:id/appearances", dk.AppearanceCreate, httpx.RequireEditor)

	e.GET("/api/v1/claims", a.ClaimList, editor)
	ed.POST("/claims/:id/assign", dk.ClaimAssign)
	ed.POST("/stories/:slug/order", dk.ClaimsReorder)
	ed.POST("/stories/:slug/publish", dk.StoryPublish)
}

package httpx

import (
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// Keys under which the authenticating middleware keeps who is asking.
const (
	ctxUser       = "auth.user"
	ctxSession    = "auth.session"
	ctxSessionObj = "auth.session.obj"
)

// SetUser records the user a request is made by (by session or API token).
func SetUser(c echo.Context, u *auth.User) { c.Set(ctxUser, u) }

// SetSession records the browser session a request came with.
func SetSession(c echo.Context, sess *auth.Session) {
	c.Set(ctxSession, sess.ID)
	c.Set(ctxSessionObj, sess)
}

// CurrentUser returns the signed-in user (by session or API token), or nil
// for an anonymous reader.
func CurrentUser(c echo.Context) *auth.User {
	u, _ := c.Get(ctxUser).(*auth.User)
	return u
}

// CurrentSessionID returns the id of the browser session the request came
// with; 0 for API tokens and anonymous readers.
func CurrentSessionID(c echo.Context) int64 {
	id, _ := c.Get(ctxSession).(int64)
	return id
}

// CurrentSession returns the browser session the request came with; nil
// for API tokens and anonymous readers.
func CurrentSession(c echo.Context) *auth.Session {
	s, _ := c.Get(ctxSessionObj).(*auth.Session)
	return s
}

// ActorOf returns the signed-in user as the author of timeline events; the
// zero Actor for anonymous requests (which the editor guard keeps from
// writes).
func ActorOf(c echo.Context) claims.Actor {
	u := CurrentUser(c)
	if u == nil {
		return claims.Actor{}
	}
	return claims.Actor{UserID: u.ID, Name: u.Name, Role: string(u.Role)}
}

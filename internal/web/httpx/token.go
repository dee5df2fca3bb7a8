package httpx

import (
	"context"

	"github.com/labstack/echo/v4"
)

// ByToken answers a page reached through a mailed link (a password reset,
// a subscription's confirmation, an unsubscribe): load reads what the
// path's token names; show renders it, and refused answers an error,
// with the link's own "no longer works" page where it is one.
func ByToken[T any](c echo.Context, load func(ctx context.Context, token string) (T, error),
	refused func(c echo.Context, err error) error, show func(token string, v T) error) error {
	token := c.Param("token")
	v, err := load(c.Request().Context(), token)
	if err != nil {
		return refused(c, err)
	}
	return show(token, v)
}

package account

import (
	"time"

	"github.com/labstack/echo/v4"
)

// DeviceCookie names the cookie that marks a browser as one that signed in
// before: the login throttle lets such a browser's right password in
// whatever strangers try (see auth.Service.LoginDevice).
const DeviceCookie = "claimtrack_device"

// deviceCookieMaxAge is how long a browser stays known without signing in.
const deviceCookieMaxAge = 365 * 24 * time.Hour

// deviceToken returns the device cookie's value, "" without one.
func (s *Handler) deviceToken(c echo.Context) string { return s.Cookies.Value(c, DeviceCookie) }

// setDeviceCookie hands the browser its device cookie, with the session
// cookie's protections.
func (s *Handler) setDeviceCookie(c echo.Context, device string) {
	if device != "" {
		s.Cookies.Set(c, DeviceCookie, device, int(deviceCookieMaxAge.Seconds()))
	}
}

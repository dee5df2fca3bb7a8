package httpx

import (
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/labstack/echo/v4"
)

// CanEdit reports whether the request comes from a user who may edit, who
// is shown drafts and the editor's links on public pages: answers that
// differ per user, which no shared cache may keep.
func CanEdit(c echo.Context) bool { return auth.Can(CurrentUser(c), auth.ActionEdit) }

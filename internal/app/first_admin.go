package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/claimtrack/claimtrack/internal/auth"
)

// firstAdmin makes sure a fresh install can be signed in to: with no users,
// it creates the admin named by CLAIMTRACK_ADMIN_EMAIL and
// CLAIMTRACK_ADMIN_PASSWORD, or else logs a one-time setup link. It runs
// after the server listens, so the link works the moment it is printed.
func (m *Main) firstAdmin(ctx context.Context) error {
	n, err := m.auth.UserCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	email, password := m.cfg.AdminEmail, m.cfg.AdminPassword
	if (email == "") != (password == "") {
		return errors.New("set both CLAIMTRACK_ADMIN_EMAIL and CLAIMTRACK_ADMIN_PASSWORD, or neither")
	}
	if email != "" {
		u, err := m.auth.CreateUser(ctx, email, "Administrator", auth.RoleAdmin, password)
		if err != nil {
			return fmt.Errorf("create the first admin from CLAIMTRACK_ADMIN_EMAIL: %w", err)
		}
		m.log.Info("created the first admin from CLAIMTRACK_ADMIN_EMAIL; unset CLAIMTRACK_ADMIN_PASSWORD now",
			slog.Int64("user_id", u.ID))
		return nil
	}
	token, err := m.auth.SetupToken(ctx)
	if err != nil {
		return err
	}
	m.setupURL = m.baseURL + "/setup/" + token
	m.log.Warn("no users yet: open this one-time link to create the first admin", slog.String("url", m.setupURL))
	return nil
}

// SetupURL returns the one-time setup link Run printed; empty when users
// already existed or the admin came from the environment.
func (m *Main) SetupURL() string { return m.setupURL }

package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestLogin_FailuresFromOneClientDoNotLockTheOwnerOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		for i := range auth.DefaultAccountFailures {
			_, _, err := f.svc.Login(ctx, u.Email, fmt.Sprintf("a wrong guess %d", i), "203.0.113.9")
			wantCode(t, err, claims.EUNAUTHORIZED)
		}
		// The guessing client is shut out, even with the right password...
		_, _, err := f.svc.Login(ctx, u.Email, goodPassword, "203.0.113.9")
		wantCode(t, err, claims.ERATELIMITED)
		// ...and the owner, elsewhere, is not.
		f.mustLogin(t, u.Email, goodPassword, "198.51.100.7")
	})
}

func TestLogin_AccountCeilingDelaysGrowInsteadOfLocking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{AccountCeiling: 4})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		addr := func(i int) string { return fmt.Sprintf("203.0.113.%d", i+1) }
		for i := range 4 {
			_, _, err := f.svc.Login(ctx, u.Email, "a wrong guess", addr(i))
			wantCode(t, err, claims.EUNAUTHORIZED)
		}
		// Past the ceiling each try waits 1 s, 2 s, 4 s... after the last
		// failure, whatever the client's address.
		for i, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
			_, _, err := f.svc.Login(ctx, u.Email, goodPassword, addr(10+i))
			wantCode(t, err, claims.ERATELIMITED)
			if msg := err.Error(); !strings.Contains(msg, fmt.Sprintf("try again in %d seconds", int(wait.Seconds()))) {
				t.Errorf("refusal %d = %q, want a wait of %v", i, msg, wait)
			}
			f.clock.Advance(wait)
			_, _, err = f.svc.Login(ctx, u.Email, "another wrong guess", addr(20+i))
			wantCode(t, err, claims.EUNAUTHORIZED)
		}
		// Waiting long enough always lets the right password in: no lock.
		f.clock.Advance(8 * time.Second)
		f.mustLogin(t, u.Email, goodPassword, addr(30))
	})
}

func TestLogin_DeviceCookieLetsTheOwnerInPastTheCeiling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{AccountCeiling: 3})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		_, _, device, err := f.svc.LoginDevice(ctx, u.Email, goodPassword, "198.51.100.7", "")
		if err != nil || device == "" {
			t.Fatalf("first login: device %q, %v", device, err)
		}
		for i := range 4 {
			_, _, err := f.svc.Login(ctx, u.Email, "a wrong guess", fmt.Sprintf("203.0.113.%d", i+1))
			if i < 3 {
				wantCode(t, err, claims.EUNAUTHORIZED)
			} else {
				wantCode(t, err, claims.ERATELIMITED)
			}
		}
		// Strangers wait; the owner's browser, from the same address as
		// the last stranger, does not.
		_, _, err = f.svc.Login(ctx, u.Email, goodPassword, "203.0.113.4")
		wantCode(t, err, claims.ERATELIMITED)
		if _, _, _, err := f.svc.LoginDevice(ctx, u.Email, goodPassword, "203.0.113.4", device); err != nil {
			t.Fatalf("login with the device cookie: %v", err)
		}
		// A forged cookie, or one signed for another account, counts for
		// nothing.
		other := f.mustUser(t, "joe@newsroom.example", auth.RoleEditor)
		_, _, otherDevice, err := f.svc.LoginDevice(ctx, other.Email, goodPassword, "198.51.100.8", "")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			_, _, _ = f.svc.Login(ctx, u.Email, "a wrong guess", fmt.Sprintf("203.0.113.%d", 50+i))
		}
		nonce, _, _ := strings.Cut(device, ".")
		for _, d := range []string{nonce + ".forged", otherDevice, "nonsense"} {
			_, _, _, err := f.svc.LoginDevice(ctx, u.Email, goodPassword, "203.0.113.60", d)
			wantCode(t, err, claims.ERATELIMITED)
		}
	})
}

func TestLogin_ThrottledOwnerIsToldOncePerWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{AccountCeiling: 2})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		var told []string
		f.svc.OnThrottled(func(_ context.Context, who auth.User, _ time.Duration) { told = append(told, who.Email) })
		for i := range 6 {
			_, _, _ = f.svc.Login(ctx, u.Email, "a wrong guess", fmt.Sprintf("203.0.113.%d", i+1))
			_, _, _ = f.svc.Login(ctx, "nobody@newsroom.example", "a wrong guess", fmt.Sprintf("203.0.113.%d", i+1))
		}
		if len(told) != 1 || told[0] != u.Email {
			t.Fatalf("owners told = %v, want [%s] once", told, u.Email)
		}
		f.clock.Advance(auth.DefaultThrottleWindow + time.Second)
		for i := range 4 {
			_, _, _ = f.svc.Login(ctx, u.Email, "a wrong guess", fmt.Sprintf("203.0.113.%d", i+1))
		}
		if len(told) != 2 {
			t.Errorf("owner told %d times over two windows, want 2", len(told))
		}
	})
}

package store

import (
	"context"
	"github.com/claimtrack/claimtrack/internal/secret"
	"strings"
	"time"
)

// hashLegacyLinkTokens replaces the raw manage and unsubscribe tokens that
// migration 00015 found (renamed to manage_hash and unsubscribe_hash, and
// marked with legacyPrefix) with their SHA-256, and records each as a link
// token, so that links in mails sent before keep working while no token
// stays readable in the database. SQLite has no SHA-256 in SQL, hence Go,
// run by Migrate after the migrations every time: a crash between the two
// leaves the marks for the next start, and with none left it costs two
// index lookups.
func (db *DB) hashLegacyLinkTokens(ctx context.Context) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		now := time.Now().UTC()
		var subs []subscriberRow
		if err := c.Where("manage_hash LIKE ?", legacyPrefix+"%").Find(&subs).Error; err != nil {
			return err
		}
		for _, s := range subs {
			h := secret.Hash(strings.TrimPrefix(s.ManageHash, legacyPrefix))
			if err := c.Model(&subscriberRow{}).Where("id = ?", s.ID).Update("manage_hash", h).Error; err != nil {
				return err
			}
			if err := c.Create(&linkTokenRow{Hash: h, Kind: "manage", SubscriberID: s.ID, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		var sns []subscriptionRow
		if err := c.Where("unsubscribe_hash LIKE ?", legacyPrefix+"%").Find(&sns).Error; err != nil {
			return err
		}
		for _, sn := range sns {
			h := secret.Hash(strings.TrimPrefix(sn.UnsubscribeHash, legacyPrefix))
			if err := c.Model(&subscriptionRow{}).Where("id = ?", sn.ID).Update("unsubscribe_hash", h).Error; err != nil {
				return err
			}
			id := sn.ID
			if err := c.Create(&linkTokenRow{Hash: h, Kind: "unsubscribe", SubscriberID: sn.SubscriberID, SubscriptionID: &id, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// legacyPrefix marks the raw tokens migration 00015 left to hash; a hash
// (hex) never starts with it.
const legacyPrefix = "raw:"
